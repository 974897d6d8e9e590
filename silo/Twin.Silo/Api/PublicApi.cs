using Twin.Catalog;
using Twin.Grains.Abstractions;
using Twin.Silo.Contracts;

namespace Twin.Silo.Api;

/// <summary>
/// Anonymous public data under <c>/api/public</c>: city and district status, river levels — what a resident's flood
/// page may show. Nothing per child, no device list, no radio details.
/// </summary>
public static class PublicApi
{
    /// <summary>Maps <c>/api/public/city</c>, <c>/api/public/districts</c> and <c>/api/public/rivers</c>.</summary>
    public static IEndpointRouteBuilder MapPublicApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/public").WithTags("Public").AllowAnonymous();

        api.MapGet("/city", async (IGrainFactory grains) =>
            TypedResults.Ok(PublicCityDto.From(await grains.GetGrain<ICityGrain>(GrainKeys.City).GetAsync())))
            .WithSummary("The city's status and its districts' (anonymous)");

        api.MapGet("/districts", async (IGrainFactory grains, TwinCatalog catalog) =>
        {
            var districts = await Task.WhenAll(catalog.Districts.Select(d => grains.GetGrain<IDistrictGrain>(d.Id).GetAsync().AsTask()));
            return TypedResults.Ok(districts.Select(PublicDistrictDto.From).ToArray());
        })
            .WithSummary("The seven districts' status (anonymous)");

        api.MapGet("/rivers", TwinApi.ListRiversAsync)
            .WithSummary("Every river segment with its gauges' levels against their warning levels (anonymous)");

        api.MapGet("/rivers/{segmentId}", TwinApi.GetRiverAsync)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("One river segment's levels (anonymous)");
        return app;
    }
}
