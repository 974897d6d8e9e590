namespace Twin.Grains.Abstractions;

/// <summary>Which hub message a push becomes; the names are the SignalR client methods of the wire contract.</summary>
public enum PushKind
{
    City,
    District,
    River,
    Device,
    Alarm,
}
