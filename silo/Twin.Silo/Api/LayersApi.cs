using Twin.Catalog;
using Twin.Silo.Auth;

namespace Twin.Silo.Api;

/// <summary>The map's base layers as GeoJSON, each carrying its attribution: no map tiles, so a closed control-room network works.</summary>
public static class LayersApi
{
    /// <summary>Maps <c>/api/layers/{name}</c> and <c>/api/layers</c>.</summary>
    public static IEndpointRouteBuilder MapLayersApi(this IEndpointRouteBuilder app)
    {
        var layers = app.MapGroup("/api/layers").WithTags("Map layers").RequireAuthorization(TwinPolicies.ReadAggregates);
        layers.MapGet("/", () => TypedResults.Ok(new
        {
            layers = Names,
            attributions = TwinCatalog.Attributions,
        })).WithSummary("The layer names and the data attributions to show with them");
        layers.MapGet("/{name}", (string name, TwinCatalog catalog) =>
        {
            var json = name switch
            {
                "boundary" => catalog.CityBoundaryGeoJson,
                "districts" => catalog.DistrictsGeoJson,
                "rail-lines" => catalog.RailLinesGeoJson,
                "rail-stations" => catalog.RailStationsGeoJson,
                _ => null,
            };
            return json is null
                ? Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown layer",
                    detail: $"There is no layer '{name}'. Layers: {string.Join(", ", Names)}.")
                : Results.Text(json, "application/geo+json");
        }).WithSummary("One base layer as GeoJSON (city boundary, approximate districts, rail lines and stations)");
        return app;
    }

    private static readonly string[] Names = ["boundary", "districts", "rail-lines", "rail-stations"];
}
