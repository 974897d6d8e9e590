using Microsoft.AspNetCore.Http.HttpResults;
using Twin.Silo.Auth;
using Twin.Silo.Contracts;
using Twin.Silo.Privacy;
using Twin.Storage.Accounts;

namespace Twin.Silo.Api;

/// <summary><c>/api/accounts</c> for admins: list, create, disable/enable, reset a password, set roles.</summary>
public static class AccountsApi
{
    /// <summary>Maps the account endpoints, every one for <see cref="TwinPolicies.Admin"/>.</summary>
    public static IEndpointRouteBuilder MapAccountsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/accounts").WithTags("Access").RequireAuthorization(TwinPolicies.Admin)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);

        api.MapGet("/", async (IAccountStore store, CancellationToken ct) =>
            TypedResults.Ok((await store.ListAsync(ct)).Select(AccountDto.From).ToArray()))
            .WithSummary("Every account (never a password or its hash)");

        api.MapGet("/{name}", async Task<Results<Ok<AccountDto>, ProblemHttpResult>> (string name, IAccountStore store, CancellationToken ct) =>
            await store.FindAsync(AccountRules.Normalize(name), ct) is { } account ? TypedResults.Ok(AccountDto.From(account)) : NotFound(name))
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("One account");

        api.MapPost("/", CreateAsync)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("A new account {name, password, roles, schools}");

        api.MapPost("/{name}/disable", (string name, HttpContext http, AccountService accounts, ILogger<AccountService> logger) =>
            ChangeAsync(name, http, accounts, logger, "disabled", a => a with { Disabled = true }))
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Disables an account: it signs in nowhere, its tokens and cookies stop working at once");

        api.MapPost("/{name}/enable", (string name, HttpContext http, AccountService accounts, ILogger<AccountService> logger) =>
            ChangeAsync(name, http, accounts, logger, "enabled", a => a with { Disabled = false }))
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Enables a disabled account");

        api.MapPost("/{name}/password", (string name, PasswordRequest request, HttpContext http, AccountService accounts, ILogger<AccountService> logger) =>
            accounts.CheckPassword(request.Password) is { } problem
                ? Task.FromResult<IResult>(BadRequest(problem))
                : ChangeAsync(name, http, accounts, logger, "password reset", a => a, request.Password))
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Sets a new password {password}");

        api.MapPut("/{name}/roles", (string name, RolesRequest request, HttpContext http, AccountService accounts, ILogger<AccountService> logger) =>
            CheckRoles(request.Roles) is { } problem
                ? Task.FromResult<IResult>(BadRequest(problem))
                : ChangeAsync(name, http, accounts, logger, "roles set to " + string.Join(',', request.Roles!),
                    a => a with { Roles = [.. request.Roles!.Distinct(StringComparer.Ordinal)], Schools = [.. request.Schools ?? []] }))
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Sets an account's roles and schools {roles, schools}");
        return app;
    }

    private static async Task<IResult> CreateAsync(CreateAccountRequest request, HttpContext http, AccountService accounts, ILogger<AccountService> logger)
    {
        var name = AccountRules.Normalize(request.Name ?? "");
        if (!AccountRules.IsValidName(name))
        {
            return BadRequest("A name is 1-64 lower-case letters, digits, '.', '_' or '-'.");
        }
        if (accounts.CheckPassword(request.Password) is { } passwordProblem)
        {
            return BadRequest(passwordProblem);
        }
        if (CheckRoles(request.Roles) is { } rolesProblem)
        {
            return BadRequest(rolesProblem);
        }
        var created = await accounts.CreateAsync(name, request.Password!, [.. request.Roles!.Distinct(StringComparer.Ordinal)], [.. request.Schools ?? []], http.RequestAborted);
        if (created is null)
        {
            return Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "Account exists", detail: $"There is already an account '{name}'.");
        }
        var detail = "created with roles " + string.Join(',', created.Roles) + (created.Schools.Count > 0 ? "; schools " + string.Join(',', created.Schools) : "");
        await http.RequestServices.GetRequiredService<AuditTrail>().RecordAsync(http.User, AuditActions.AccountPrefix + "create", name, detail, http.RequestAborted);
        AuthLog.AccountChanged(logger, name, detail, TwinClaims.ActorOf(http.User) ?? "?");
        return TypedResults.Created($"/api/accounts/{name}", AccountDto.From(created));
    }

    private static async Task<IResult> ChangeAsync(
        string name, HttpContext http, AccountService accounts, ILogger logger, string change, Func<StoredAccount, StoredAccount> apply, string? newPassword = null)
    {
        var key = AccountRules.Normalize(name);
        var actor = TwinClaims.ActorOf(http.User) ?? "?";
        // The twin must keep one enabled admin, or nobody can manage accounts any more.
        var all = await accounts.Store.ListAsync(http.RequestAborted);
        var target = all.FirstOrDefault(a => a.Name == key);
        if (target is null)
        {
            return NotFound(name);
        }
        var after = apply(target);
        var adminsLeft = all.Count(a => a.Name != key && !a.Disabled && a.Roles.Contains(TwinRoles.Admin))
            + (!after.Disabled && after.Roles.Contains(TwinRoles.Admin) ? 1 : 0);
        if (adminsLeft == 0)
        {
            return Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "Last admin",
                detail: $"'{key}' is the last enabled admin; give another account the admin role first.");
        }
        var changed = await accounts.ChangeAsync(key, apply, newPassword, http.RequestAborted);
        if (changed is null)
        {
            return NotFound(name);
        }
        await http.RequestServices.GetRequiredService<AuditTrail>().RecordAsync(http.User, AuditActions.AccountPrefix + "change", key, change, http.RequestAborted);
        AuthLog.AccountChanged(logger, key, change, actor);
        return TypedResults.Ok(AccountDto.From(changed));
    }

    private static string? CheckRoles(IReadOnlyList<string>? roles) =>
        roles is null || roles.Count == 0 || roles.Any(r => !TwinRoles.IsKnown(r))
            ? $"Give one or more roles of {string.Join(", ", TwinRoles.All)}."
            : null;

    private static ProblemHttpResult NotFound(string name) => TypedResults.Problem(
        statusCode: StatusCodes.Status404NotFound, title: "Unknown account", detail: $"There is no account '{name}'.");

    private static ProblemHttpResult BadRequest(string detail) => TypedResults.Problem(
        statusCode: StatusCodes.Status400BadRequest, title: "Bad request", detail: detail);
}
