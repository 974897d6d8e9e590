using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Twin.Catalog;
using Twin.Grains.Abstractions;

namespace Twin.Grains.Devices;

/// <summary>The services every device grain uses, injected as one so that each kind's grain names only what is its own.</summary>
/// <param name="Catalog">The city catalog (the device's info, its district and segment).</param>
/// <param name="Clock">The clock the rules read (<see cref="TwinClock"/>).</param>
/// <param name="History">The reading history the grain replays after its snapshot.</param>
/// <param name="Silence">The silo's silence timer.</param>
/// <param name="Options">How the grain keeps its snapshot.</param>
public sealed record DeviceGrainServices(
    TwinCatalog Catalog,
    [FromKeyedServices(TwinClock.Key)] TimeProvider Clock,
    IReadingHistory History,
    SilenceWatch Silence,
    IOptions<DeviceGrainOptions> Options);
