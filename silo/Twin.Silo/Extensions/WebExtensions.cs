using Microsoft.Extensions.FileProviders;
using Microsoft.Net.Http.Headers;

namespace Twin.Silo.Extensions;

/// <summary>Serves the control-room web page (built from clients/web into wwwroot/dist) at <c>/</c>.</summary>
public static class WebExtensions
{
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
