using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.FileProviders;
using Microsoft.Net.Http.Headers;
using Twin.Silo.Contracts;

namespace Twin.Silo.Extensions;

/// <summary>The web side of the host: the wire contract's JSON for REST and the hub, OpenAPI, and the control-room page at <c>/</c>.</summary>
public static class WebExtensions
{
    /// <summary>One set of JSON options for REST and the hub (the typed wire contract first), and the OpenAPI document.</summary>
    public static IServiceCollection AddTwinWeb(this IServiceCollection services)
    {
        services.ConfigureHttpJsonOptions(o => ConfigureWireJson(o.SerializerOptions));
        services.AddSignalR().AddJsonProtocol(o => ConfigureWireJson(o.PayloadSerializerOptions));
        services.AddOpenApi();
        return services;
    }

    /// <summary>
    /// The wire's JSON: camelCase properties, dictionary keys as they are (a reading's <c>level_m</c>), nulls
    /// written, kebab-case enum names (<c>river-gauge</c>, <c>warning</c>); the contract's types resolved from
    /// <see cref="TwinJsonContext"/>, anything else (health reports, layer lists) by reflection as before.
    /// </summary>
    public static void ConfigureWireJson(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.DictionaryKeyPolicy = null;
        options.DefaultIgnoreCondition = JsonIgnoreCondition.Never;
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower));
        options.TypeInfoResolverChain.Insert(0, TwinJsonContext.Default);
    }

    /// <summary>
    /// Serves <c>wwwroot/dist</c> as the site root: <c>/</c> is its index.html, <c>/app.js</c> its bundle.
    /// Call before the API is mapped; only existing files are served, so <c>/api</c> and the hub are untouched.
    /// </summary>
    public static IApplicationBuilder UseControlRoom(this IApplicationBuilder app)
    {
        var env = app.ApplicationServices.GetRequiredService<IWebHostEnvironment>();
        var webRoot = env.WebRootPath ?? Path.Combine(env.ContentRootPath, "wwwroot");
        var dist = Path.Combine(webRoot, "dist");
        // A published silo started from another directory: its content root is that directory, the page is
        // beside the program.
        var beside = Path.Combine(AppContext.BaseDirectory, "wwwroot", "dist");
        if (!Directory.Exists(dist) && Directory.Exists(beside))
        {
            dist = beside;
        }
        if (!Directory.Exists(dist))
        {
            // Built with -p:WebAssetsSkip=true, or published without the page: say so instead of a bare 404.
            app.ApplicationServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(WebExtensions))
                .LogWarning("The control-room page is not built ({Dist} is missing); run `npm ci && npm run build` in clients/web.", dist);
            return app.Use(async (context, next) =>
            {
                if (context.Request.Path == "/" && HttpMethods.IsGet(context.Request.Method))
                {
                    await Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable,
                        title: "Control room not built",
                        detail: "The web page was not built into wwwroot/dist; run `npm ci && npm run build` in clients/web, or build the host with Node.js installed.")
                        .ExecuteAsync(context);
                    return;
                }
                await next(context);
            });
        }

        var files = new PhysicalFileProvider(dist);
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
        return app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = files,
            // The bundle names are not fingerprinted: make browsers revalidate (ETag) so a wall screen
            // picks up a new build on its next reload instead of mixing an old app.js with a new API.
            OnPrepareResponse = ctx => ctx.Context.Response.Headers[HeaderNames.CacheControl] = "no-cache",
        });
    }
}
