namespace Twin.Silo.Contracts;

/// <summary>A bearer token for the API and the hub, and the seconds it lives.</summary>
public sealed record TokenResponse(string AccessToken, string TokenType, int ExpiresIn);
