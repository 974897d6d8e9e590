using System.Text.Json;
using System.Text.Json.Serialization;

namespace Twin.Silo.Contracts;

/// <summary>The wire contract's JSON metadata, generated at build time.</summary>
/// <remarks>
/// REST and the hub both resolve through it first (<see cref="Extensions.WebExtensions.ConfigureWireJson"/>), so both
/// write the same bytes and OpenAPI sees the types.
/// </remarks>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(CityDto))]
[JsonSerializable(typeof(DistrictDto))]
[JsonSerializable(typeof(DistrictDto[]))]
[JsonSerializable(typeof(RiverSegmentDto))]
[JsonSerializable(typeof(RiverSegmentDto[]))]
[JsonSerializable(typeof(CellCountDto[]))]
[JsonSerializable(typeof(DeviceDto))]
[JsonSerializable(typeof(ChildTrackerDto))]
[JsonSerializable(typeof(ConsentDto))]
[JsonSerializable(typeof(ConsentDto[]))]
[JsonSerializable(typeof(ConsentRequest))]
[JsonSerializable(typeof(AuditEntryDto[]))]
[JsonSerializable(typeof(List<DeviceSummaryDto>))]
[JsonSerializable(typeof(ReadingDto[]))]
// History is written as the database yields it.
[JsonSerializable(typeof(IAsyncEnumerable<ReadingDto>))]
[JsonSerializable(typeof(AlarmDto))]
[JsonSerializable(typeof(AlarmDto[]))]
[JsonSerializable(typeof(AlarmNotificationDto))]
[JsonSerializable(typeof(AlarmCommandDto))]
// A reading's fields are written through its extension data, as boxed numbers.
[JsonSerializable(typeof(double))]
public sealed partial class TwinJsonContext : JsonSerializerContext;
