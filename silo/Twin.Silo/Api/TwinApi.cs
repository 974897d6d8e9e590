using Microsoft.AspNetCore.Http.HttpResults;
using Twin.Catalog;
using Twin.Grains.Abstractions;
using Twin.Silo.Auth;
using Twin.Silo.Contracts;
using Twin.Silo.Privacy;

namespace Twin.Silo.Api;

/// <summary>
/// The REST API of the wire contract, under <c>/api</c>: aggregates for operators, managers and planners; devices for operators
/// and managers (admin passes every policy). A child tracker is only ever listed (id, kind, district, neutral name, consent), for every role.
/// </summary>
public static class TwinApi
{
    /// <summary>Maps <c>/api/city</c>, <c>/api/districts</c>, <c>/api/rivers</c> and <c>/api/devices</c>.</summary>
    public static IEndpointRouteBuilder MapTwinApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").WithTags("Twin");

        api.MapGet("/city", async (IGrainFactory grains) =>
            TypedResults.Ok(CityDto.From(await grains.GetGrain<ICityGrain>(GrainKeys.City).GetAsync())))
            .WithSummary("The city's live summary and its seven districts")
            .RequireAuthorization(TwinPolicies.ReadAggregates);

        api.MapGet("/districts", async (IGrainFactory grains, TwinCatalog catalog) =>
        {
            var districts = await Task.WhenAll(catalog.Districts.Select(d => grains.GetGrain<IDistrictGrain>(d.Id).GetAsync().AsTask()));
            return TypedResults.Ok(districts.Select(DistrictDto.From).ToArray());
        })
            .WithSummary("The seven districts with their live summaries")
            .RequireAuthorization(TwinPolicies.ReadAggregates);

        api.MapGet("/districts/{id}", async Task<Results<Ok<DistrictDto>, ProblemHttpResult>> (string id, IGrainFactory grains, TwinCatalog catalog) =>
            catalog.TryGetDistrict(id, out _)
                ? TypedResults.Ok(DistrictDto.From(await grains.GetGrain<IDistrictGrain>(id).GetAsync()))
                : NotFound("district", id))
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("One district's live summary")
            .RequireAuthorization(TwinPolicies.ReadAggregates);

        api.MapGet("/districts/{id}/children/cells", async Task<Results<Ok<CellCountDto[]>, ProblemHttpResult>> (
            string id, IGrainFactory grains, TwinCatalog catalog, AuditTrail audit, HttpContext http) =>
        {
            if (!catalog.TryGetDistrict(id, out _))
            {
                return NotFound("district", id);
            }
            await audit.RecordAsync(http.User, AuditActions.ChildCellsRead, id, "rest", http.RequestAborted);
            return TypedResults.Ok((await grains.GetGrain<IDistrictGrain>(id).GetChildCellsAsync()).Select(CellCountDto.From).ToArray());
        })
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Children counted per 250 m cell, as last published on the children's cadence; cells with fewer than five are left out")
            .RequireAuthorization(TwinPolicies.ReadAggregates);

        api.MapGet("/rivers", ListRiversAsync)
            .WithSummary("Every river segment, its gauges upstream to downstream")
            .RequireAuthorization(TwinPolicies.ReadAggregates);

        api.MapGet("/rivers/{segmentId}", GetRiverAsync)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("One river segment")
            .RequireAuthorization(TwinPolicies.ReadAggregates);

        api.MapGet("/devices", ListDevicesAsync)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .WithSummary("Every device matching kind and district, as a plain array (limit/offset optional)")
            .RequireAuthorization(TwinPolicies.ReadTwin);

        // OpenAPI describes the DeviceDto answer; a child tracker's ChildTrackerDto is in the summary (one 200 has one schema).
        api.MapGet("/devices/{id}", async Task<Results<Ok<DeviceDto>, JsonHttpResult<ChildTrackerDto>, ProblemHttpResult>> (
            string id, IGrainFactory grains, TwinCatalog catalog, ConsentRegister consent, CancellationToken ct) =>
        {
            if (!catalog.TryGetDevice(id, out var device))
            {
                return NotFound("device", id);
            }
            if (device.Kind == DeviceKind.ChildTracker)
            {
                // The register, not the tracker: asking the grain would wake it and say nothing more that may leave.
                return TypedResults.Json(ChildTrackerDto.From(device, await consent.IsGrantedAsync(device.Id, ct)));
            }
            var snapshot = await grains.GetDeviceGrain(device.Kind, device.Id).GetAsync();
            return TypedResults.Ok(DeviceDto.From(snapshot));
        })
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("One device's live state: reading, status, health, thresholds (a child tracker: id, kind, district, a neutral name, consent)")
            .RequireAuthorization(TwinPolicies.ReadTwin);

        return app;
    }

    /// <summary>Every river segment (also served anonymously under <c>/api/public</c>: levels are public).</summary>
    internal static async Task<Ok<RiverSegmentDto[]>> ListRiversAsync(IGrainFactory grains, TwinCatalog catalog)
    {
        var segments = await Task.WhenAll(catalog.Segments.Select(s => grains.GetGrain<IRiverSegmentGrain>(s.Id).GetAsync().AsTask()));
        return TypedResults.Ok(segments.Select(RiverSegmentDto.From).ToArray());
    }

    /// <summary>One river segment.</summary>
    internal static async Task<Results<Ok<RiverSegmentDto>, ProblemHttpResult>> GetRiverAsync(string segmentId, IGrainFactory grains, TwinCatalog catalog) =>
        catalog.TryGetSegment(segmentId, out _)
            ? TypedResults.Ok(RiverSegmentDto.From(await grains.GetGrain<IRiverSegmentGrain>(segmentId).GetAsync()))
            : NotFound("river segment", segmentId);

    private static async Task<Results<Ok<List<DeviceSummaryDto>>, ProblemHttpResult>> ListDevicesAsync(
        IGrainFactory grains, TwinCatalog catalog, ConsentRegister consent, CancellationToken ct,
        string? kind = null, string? district = null, int? limit = null, int? offset = null)
    {
        DeviceKind? kindFilter = null;
        if (!string.IsNullOrEmpty(kind))
        {
            if (!WireNames.TryParseKind(kind, out var k))
            {
                return BadRequest($"Unknown kind '{kind}'. Kinds: {string.Join(", ", WireNames.AllKinds.Select(x => x.ToWire()))}.");
            }
            kindFilter = k;
        }
        if (!string.IsNullOrEmpty(district) && !catalog.TryGetDistrict(district, out _))
        {
            return BadRequest($"Unknown district '{district}'. Districts: {string.Join(", ", catalog.Districts.Select(d => d.Id))}.");
        }
        if (limit is < 0 || offset is < 0)
        {
            return BadRequest("limit and offset must not be negative.");
        }
        var districts = string.IsNullOrEmpty(district) ? catalog.Districts.Select(d => d.Id) : [district];
        var statuses = await Task.WhenAll(districts.Select(d => grains.GetGrain<IDistrictGrain>(d).GetDeviceStatusesAsync().AsTask()));
        var result = new List<DeviceSummaryDto>();
        IReadOnlySet<string>? granted = null;
        var skipped = 0;
        foreach (var entry in statuses.SelectMany(s => s))
        {
            if (!catalog.TryGetDevice(entry.Id, out var info) || (kindFilter is { } kf && info.Kind != kf))
            {
                continue;
            }
            if (skipped++ < (offset ?? 0))
            {
                continue;
            }
            if (limit is { } l && result.Count >= l)
            {
                break;
            }
            result.Add(info.Kind == DeviceKind.ChildTracker
                ? DeviceSummaryDto.Child(info, (granted ??= await consent.GrantedAsync(ct)).Contains(info.Id))
                : DeviceSummaryDto.From(info, entry.Status, entry.Silent));
        }
        return TypedResults.Ok(result);
    }

    private static ProblemHttpResult NotFound(string what, string id) => TypedResults.Problem(
        statusCode: StatusCodes.Status404NotFound,
        title: $"Unknown {what}",
        detail: $"There is no {what} '{id}' in the twin's catalog.");

    private static ProblemHttpResult BadRequest(string detail) => TypedResults.Problem(
        statusCode: StatusCodes.Status400BadRequest, title: "Bad request", detail: detail);
}
