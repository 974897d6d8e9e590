namespace Twin.Grains.Abstractions;

/// <summary>The one status ladder shared by devices, river segments, districts and the city.</summary>
public enum TwinStatus
{
    Unknown = 0,
    Normal = 1,
    Advisory = 2,
    Warning = 3,
    Alarm = 4,
    Critical = 5,
}
