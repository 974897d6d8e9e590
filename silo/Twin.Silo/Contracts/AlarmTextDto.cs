namespace Twin.Silo.Contracts;

/// <summary>An alarm's text, Japanese and English.</summary>
public sealed record AlarmTextDto(string Ja, string En);
