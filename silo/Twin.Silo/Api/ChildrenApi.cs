using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Twin.Catalog;
using Twin.Grains.Abstractions;
using Twin.Silo.Auth;
using Twin.Silo.Contracts;
using Twin.Silo.Privacy;

namespace Twin.Silo.Api;

/// <summary>
/// The consent register under <c>/api/children</c>: <c>admin</c> for every child, a <c>school</c> account for the children of
/// its own schools (403 for another school's). A withdrawal deletes the child's readings and last position at once.
/// </summary>
public static class ChildrenApi
{
    /// <summary>Longest basis taken.</summary>
    public const int MaxBasisLength = 200;

    /// <summary>Longest comment taken.</summary>
    public const int MaxCommentLength = 2000;

    /// <summary>Maps <c>GET /api/children/consent</c> and <c>GET/PUT /api/children/{id}/consent</c>.</summary>
    public static IEndpointRouteBuilder MapChildrenApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/children").WithTags("Children").RequireAuthorization(TwinPolicies.Consent);

        api.MapGet("/consent", async (ClaimsPrincipal user, ConsentRegister register, TwinCatalog catalog, CancellationToken ct) =>
        {
            var entries = await register.ListAsync(ct);
            return TypedResults.Ok(entries
                .Select(e => catalog.TryGetDevice(e.DeviceId, out var d) ? (Entry: e, Device: d) : default)
                .Where(x => x.Device is not null && MayKeep(user, x.Device))
                .Select(x => ConsentDto.From(x.Entry, x.Device.School))
                .ToArray());
        })
            .WithSummary("The register entries this account keeps (admin: every child; a school account: its schools' children)");

        api.MapGet("/{id}/consent", async Task<Results<Ok<ConsentDto>, ProblemHttpResult>> (
            string id, ClaimsPrincipal user, ConsentRegister register, TwinCatalog catalog, CancellationToken ct) =>
        {
            if (Check(id, user, catalog, out var child) is { } problem)
            {
                return problem;
            }
            return await register.FindAsync(child.Id, ct) is { } entry
                ? TypedResults.Ok(ConsentDto.From(entry, child.School))
                : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No consent recorded",
                    detail: $"The register has no entry for '{id}': its readings are refused until one grants consent.");
        })
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("A child's entry: granted, basis, comment, who recorded it and when");

        api.MapPut("/{id}/consent", async Task<Results<Ok<ConsentDto>, ProblemHttpResult>> (
            string id, ConsentRequest request, ClaimsPrincipal user, ConsentRegister register, TwinCatalog catalog, CancellationToken ct) =>
        {
            if (Check(id, user, catalog, out var child) is { } problem)
            {
                return problem;
            }
            if (request.Granted is not { } granted)
            {
                return BadRequest("Say whether the family consents: \"granted\": true or false.");
            }
            var basis = request.Basis?.Trim() ?? "";
            if (basis.Length is 0 or > MaxBasisLength)
            {
                return BadRequest($"Give the basis of the decision (a signed form, a withdrawal by phone…), 1-{MaxBasisLength} characters.");
            }
            var comment = request.Comment?.Trim() ?? "";
            if (comment.Length > MaxCommentLength)
            {
                return BadRequest($"A comment has at most {MaxCommentLength} characters.");
            }
            if (TwinClaims.ActorOf(user) is not { } actor)
            {
                return BadRequest("The signed-in account has no name.");
            }
            var entry = await register.RecordAsync(child, granted, basis, comment, actor, ct);
            return TypedResults.Ok(ConsentDto.From(entry, child.School));
        })
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Records a family's decision {granted, basis, comment}; a withdrawal deletes the child's readings and last position at once");
        return app;
    }

    /// <summary>Whether the account keeps this child's entry: admin any, a school account its own schools' children.</summary>
    private static bool MayKeep(ClaimsPrincipal user, DeviceInfo child) =>
        user.IsInRole(TwinRoles.Admin) || (child.School is { } school && TwinClaims.SchoolsOf(user).Contains(school, StringComparer.Ordinal));

    private static ProblemHttpResult? Check(string id, ClaimsPrincipal user, TwinCatalog catalog, out DeviceInfo child)
    {
        if (!catalog.TryGetDevice(id, out child!) || child.Kind != DeviceKind.ChildTracker)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown child tracker",
                detail: $"There is no child tracker '{id}' in the twin's catalog.");
        }
        return MayKeep(user, child)
            ? null
            : TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Not your school",
                detail: "A school account keeps the consent register of its own schools only.");
    }

    private static ProblemHttpResult BadRequest(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Bad request", detail: detail);
}
