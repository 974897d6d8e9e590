using System.Collections.Immutable;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Twin.Grains.Abstractions;
using Twin.Grains.Abstractions.Alarms;
using Twin.Silo.Auth;
using Twin.Silo.Contracts;
using Twin.Silo.Privacy;

namespace Twin.Silo.Api;

/// <summary>The alarms of the contract under <c>/api/alarms</c>: listing worst first, one alarm, and people's commands.</summary>
public static class AlarmsApi
{
    /// <summary>The commands by their path segment.</summary>
    private static readonly ImmutableDictionary<string, AlarmAction> Commands = new Dictionary<string, AlarmAction>(StringComparer.Ordinal)
    {
        ["ack"] = AlarmAction.Acknowledge,
        ["shelve"] = AlarmAction.Shelve,
        ["unshelve"] = AlarmAction.Unshelve,
        ["out-of-service"] = AlarmAction.OutOfService,
        ["in-service"] = AlarmAction.InService,
    }.ToImmutableDictionary(StringComparer.Ordinal);

    /// <summary>Maps <c>GET /api/alarms</c>, <c>GET /api/alarms/{id}</c> and <c>POST /api/alarms/{id}/ack|shelve|unshelve|out-of-service|in-service</c>.</summary>
    public static IEndpointRouteBuilder MapAlarmsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/alarms").WithTags("Alarms").RequireAuthorization(TwinPolicies.ReadTwin);

        api.MapGet("/", ListAsync)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .WithSummary("Alarms, worst first; with no state, every alarm that is not normal (values may be comma-separated)");

        api.MapGet("/{id}", async Task<Results<Ok<AlarmDto>, ProblemHttpResult>> (string id, IAlarmStore store, CancellationToken ct) =>
            await store.GetAsync(id, ct) is { } alarm ? TypedResults.Ok(AlarmDto.From(alarm)) : NoSuchAlarm(id))
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("One alarm with every transition");

        foreach (var (path, action) in Commands)
        {
            var audited = AuditActions.AlarmPrefix + path;
            api.MapPost($"/{{id}}/{path}", (string id, AlarmCommandDto? body, ClaimsPrincipal user, IAlarmStore store, IGrainFactory grains, AuditTrail audit, CancellationToken ct) =>
                CommandAsync(id, action, audited, body, user, store, grains, audit, ct))
                .RequireAuthorization(action is AlarmAction.OutOfService or AlarmAction.InService ? TwinPolicies.ManageAlarms : TwinPolicies.AckAlarms)
                .ProducesProblem(StatusCodes.Status403Forbidden)
                .ProducesProblem(StatusCodes.Status400BadRequest)
                .ProducesProblem(StatusCodes.Status404NotFound)
                .ProducesProblem(StatusCodes.Status409Conflict)
                .WithSummary(action switch
                {
                    AlarmAction.Acknowledge => "Acknowledge an unacknowledged alarm",
                    AlarmAction.Shelve => "Shelve an alarm until a time (`until`)",
                    AlarmAction.Unshelve => "Unshelve a shelved alarm",
                    AlarmAction.OutOfService => "Take an alarm out of service",
                    _ => "Put an alarm out of service back in service",
                });
        }
        return app;
    }

    private static async Task<Results<Ok<AlarmDto[]>, ProblemHttpResult>> ListAsync(
        IAlarmStore store, CancellationToken ct, string? state = null, string? district = null, string? severity = null, string? type = null)
    {
        var query = new AlarmQuery();
        if (Parse<AlarmState>(state, TryParseState, out var states) is { } badState)
        {
            return BadFilter("state", badState, "active-unacknowledged, active-acknowledged, returned-unacknowledged, normal, shelved, out-of-service");
        }
        if (Parse<TwinStatus>(severity, TryParseSeverity, out var severities) is { } badSeverity)
        {
            return BadFilter("severity", badSeverity, "advisory, warning, alarm, critical");
        }
        if (Parse<string>(type, (string t, out string v) => AlarmTypes.All.Contains(v = t), out var types) is { } badType)
        {
            return BadFilter("type", badType, string.Join(", ", AlarmTypes.All));
        }
        Parse<string>(district, (string d, out string v) => (v = d).Length > 0, out var districts);
        var alarms = await store.QueryAsync(query with { States = states, Severities = severities, Types = types, Districts = districts }, ct);
        return TypedResults.Ok(alarms
            .OrderByDescending(a => a.Severity)
            .ThenBy(a => a.State is AlarmState.ActiveUnacknowledged or AlarmState.ReturnedUnacknowledged ? 0 : 1)
            .ThenByDescending(a => a.RaisedAt)
            .ThenBy(a => a.Id, StringComparer.Ordinal)
            .Select(AlarmDto.From)
            .ToArray());
    }

    private static async Task<Results<Ok<AlarmDto>, ProblemHttpResult>> CommandAsync(
        string id, AlarmAction action, string audited, AlarmCommandDto? body, ClaimsPrincipal user, IAlarmStore store, IGrainFactory grains,
        AuditTrail audit, CancellationToken ct)
    {
        // The signed-in account acts: a `by` in the body is not believed.
        if (TwinClaims.ActorOf(user) is not { Length: > 0 } by)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Who acts?", detail: "The signed-in account has no name.");
        }
        if (body?.Comment is { Length: > 2000 })
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Comment too long", detail: "A comment has at most 2000 characters.");
        }
        if (await store.GetAsync(id, ct) is not { } alarm)
        {
            return NoSuchAlarm(id);
        }
        var result = await grains.GetGrain<IAlarmSourceGrain>(alarm.Source).CommandAsync(id, new AlarmCommand(action, by, body?.Comment, body?.Until));
        if (result is { Error: null, Alarm: not null })
        {
            var details = string.Join("; ", new[] { body?.Comment is { Length: > 0 } c ? "comment: " + c : null, body?.Until is { } u ? $"until {u:o}" : null }.OfType<string>());
            await audit.RecordAsync(by, audited, id, details, ct);
        }
        return result switch
        {
            { Alarm: null } => NoSuchAlarm(id),
            { Error: { } error, Alarm: var current } => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict,
                title: "Not in this state", detail: error, extensions: new Dictionary<string, object?> { ["state"] = current.State.ToString() }),
            { Alarm: var done } => TypedResults.Ok(AlarmDto.From(done)),
        };
    }

    private delegate bool TryParse<T>(string text, out T value);

    /// <summary>Parses a comma-separated filter; the first value that does not parse, or null.</summary>
    private static string? Parse<T>(string? text, TryParse<T> parse, out ImmutableArray<T> values)
    {
        var builder = ImmutableArray.CreateBuilder<T>();
        foreach (var item in (text ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (!parse(item, out var value))
            {
                values = [];
                return item;
            }
            builder.Add(value);
        }
        values = builder.ToImmutable();
        return null;
    }

    private static bool TryParseState(string text, out AlarmState state)
    {
        foreach (var s in Enum.GetValues<AlarmState>())
        {
            if (string.Equals(WireName(s.ToString()), text, StringComparison.Ordinal))
            {
                state = s;
                return true;
            }
        }
        state = default;
        return false;
    }

    private static bool TryParseSeverity(string text, out TwinStatus status)
    {
        foreach (var s in new[] { TwinStatus.Advisory, TwinStatus.Warning, TwinStatus.Alarm, TwinStatus.Critical })
        {
            if (s.ToWire() == text)
            {
                status = s;
                return true;
            }
        }
        status = default;
        return false;
    }

    /// <summary>An enum member's wire name: kebab-case, as the JSON writes it.</summary>
    private static string WireName(string member) => System.Text.Json.JsonNamingPolicy.KebabCaseLower.ConvertName(member);

    private static ProblemHttpResult BadFilter(string name, string value, string allowed) =>
        TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: $"Unknown {name}", detail: $"'{value}' is not a {name}; one of: {allowed}.");

    private static ProblemHttpResult NoSuchAlarm(string id) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown alarm", detail: $"There is no alarm '{id}'.");
}
