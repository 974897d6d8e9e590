using System.Globalization;
using Twin.Grains.Abstractions;

namespace Twin.Silo.Contracts;

/// <summary>A device's health, apart from the status ladder; <c>lastSeen</c> is ISO-8601 with seven fraction digits and the offset.</summary>
public sealed record DeviceHealthDto(
    string? LastSeen,
    int ExpectedIntervalS,
    double? Battery,
    double? Rssi,
    double? Snr,
    string? Gateway,
    bool Silent)
{
    /// <summary>The wire shape of a device grain's health.</summary>
    public static DeviceHealthDto From(DeviceHealth h) => new(
        h.LastSeen?.ToString("O", CultureInfo.InvariantCulture), h.ExpectedIntervalS, h.Battery, h.Rssi, h.Snr, h.Gateway, h.Silent);
}
