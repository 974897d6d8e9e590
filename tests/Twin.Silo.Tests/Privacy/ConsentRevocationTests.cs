using System.Data.Common;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MQTTnet;

namespace Twin.Silo.Tests.Privacy;

/// <summary>
/// A family withdraws through REST: the child's history rows and the position in its grain's snapshot are gone from the
/// database at once, its next reading over MQTT is refused with 0x87, and the audit log names who recorded it.
/// </summary>
public abstract class ConsentRevocationTests(PrivacySiloFixture silo)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ASchoolWithdrawsForItsOwnChildAndNothingOfTheChildIsLeft()
    {
        using var school = silo.CreateClientAs(TestAccounts.School);
        using var admin = silo.CreateClientAs(TestAccounts.Admin);
        // The register as the school keeps it (seeded from the catalog's demo consents): its two schools only.
        var register = await school.GetFromJsonAsync<JsonElement[]>("/api/children/consent", Ct);
        Assert.NotNull(register);
        Assert.All(register, e => Assert.Contains(e.GetProperty("school").GetString(), new[] { "es-01", "es-02" }));
        Assert.All(register, e => Assert.Equal(("system", "demo-seed"), (e.GetProperty("by").GetString(), e.GetProperty("basis").GetString())));
        var child = register.First(e => e.GetProperty("granted").GetBoolean()).GetProperty("id").GetString()!;

        // Two readings over MQTT; the second's low battery changes the status, so the grain writes its snapshot at once.
        using var device = await silo.ConnectDeviceAsync(child);
        Assert.Equal(MqttClientPublishReasonCode.Success, (await PublishAsync(device, child, 1, 36.7049, 80)).ReasonCode);
        Assert.Equal(MqttClientPublishReasonCode.Success, (await PublishAsync(device, child, 2, 36.7051, 10)).ReasonCode);
        Assert.Equal(2, await HistoryRowsAsync(child));
        Assert.Equal(1, await SnapshotsAsync(child));

        using var response = await school.PutAsJsonAsync($"/api/children/{child}/consent",
            new { granted = false, basis = "withdrawn by phone", comment = "the mother called the school" }, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var entry = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.False(entry.GetProperty("granted").GetBoolean());
        Assert.Equal(TestAccounts.School, entry.GetProperty("by").GetString());
        // Gone from the database, not only from the API: the history rows and the snapshot's payload.
        Assert.Equal(0, await HistoryRowsAsync(child));
        Assert.Equal(0, await SnapshotsAsync(child));

        var refused = await PublishAsync(device, child, 3, 36.7053, 80);
        Assert.Equal(MqttClientPublishReasonCode.NotAuthorized, refused.ReasonCode);
        Assert.Equal(0x87, (int)refused.ReasonCode);
        Assert.Equal(0, await HistoryRowsAsync(child));

        var audit = await admin.GetFromJsonAsync<JsonElement[]>($"/api/audit?actor={TestAccounts.School}", Ct);
        var line = Assert.Single(audit!, a => a.GetProperty("target").GetString() == child);
        Assert.Equal("consent.revoke", line.GetProperty("action").GetString());
        Assert.Contains("withdrawn by phone", line.GetProperty("details").GetString(), StringComparison.Ordinal);
        Assert.Equal(
            ["at", "actor", "action", "target", "details"],
            line.EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task ASchoolMayNotTouchAnotherSchoolsChildAndAnAdminMay()
    {
        using var school = silo.CreateClientAs(TestAccounts.School);
        using var admin = silo.CreateClientAs(TestAccounts.Admin);
        using var planner = silo.CreateClientAs(TestAccounts.Planner);
        var all = await admin.GetFromJsonAsync<JsonElement[]>("/api/children/consent", Ct);
        var other = all!.First(e => e.GetProperty("school").GetString() == "es-03" && e.GetProperty("granted").GetBoolean()).GetProperty("id").GetString()!;
        var body = new { granted = false, basis = "withdrawn in writing", comment = "" };

        using var bySchool = await school.PutAsJsonAsync($"/api/children/{other}/consent", body, Ct);
        using var readBySchool = await school.GetAsync($"/api/children/{other}/consent", Ct);
        using var byPlanner = await planner.PutAsJsonAsync($"/api/children/{other}/consent", body, Ct);
        using var withoutBasis = await admin.PutAsJsonAsync($"/api/children/{other}/consent", new { granted = false }, Ct);
        using var notAChild = await admin.PutAsJsonAsync("/api/children/env-weather-toyama/consent", body, Ct);

        Assert.Equal(HttpStatusCode.Forbidden, bySchool.StatusCode);
        Assert.Equal("application/problem+json", bySchool.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.Forbidden, readBySchool.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, byPlanner.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, withoutBasis.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, notAChild.StatusCode);
        Assert.True((await admin.GetFromJsonAsync<JsonElement>($"/api/children/{other}/consent", Ct)).GetProperty("granted").GetBoolean());

        using var byAdmin = await admin.PutAsJsonAsync($"/api/children/{other}/consent", body, Ct);
        Assert.Equal(HttpStatusCode.OK, byAdmin.StatusCode);
        using var device = await silo.ConnectDeviceAsync(other);
        Assert.Equal(MqttClientPublishReasonCode.NotAuthorized, (await PublishAsync(device, other, 1, 36.70, 80)).ReasonCode);
        var audit = await admin.GetFromJsonAsync<JsonElement[]>($"/api/audit?actor={TestAccounts.Admin}", Ct);
        Assert.Contains(audit!, a => a.GetProperty("target").GetString() == other && a.GetProperty("action").GetString() == "consent.revoke");

        // Granted again by the admin: the child's readings are taken again.
        using var granted = await admin.PutAsJsonAsync($"/api/children/{other}/consent", new { granted = true, basis = "signed form", comment = "" }, Ct);
        Assert.Equal(HttpStatusCode.OK, granted.StatusCode);
        Assert.Equal(MqttClientPublishReasonCode.Success, (await PublishAsync(device, other, 2, 36.70, 80)).ReasonCode);
    }

    private static Task<MqttClientPublishResult> PublishAsync(IMqttClient device, string id, long seq, double lat, double battery) =>
        TwinAppFixture.PublishAsync(device, $"toyama/child-tracker/{id}/up", string.Create(CultureInfo.InvariantCulture,
            $$"""{"ts":"{{DateTimeOffset.UtcNow.AddSeconds(seq - 10):O}}","seq":{{seq}},"lat":{{lat}},"lon":137.2137,"battery_pct":{{battery}}}"""));

    private Task<long> HistoryRowsAsync(string id) => CountAsync("SELECT count(*) FROM twin_reading_history WHERE device_id = @id", id);

    /// <summary>Stored snapshots (state "device") of the child's tracker grain that still hold a state (a cleared one keeps its row without payload).</summary>
    private Task<long> SnapshotsAsync(string id) =>
        CountAsync("SELECT count(*) FROM orleans_grain_state WHERE grain_type = 'device' AND grain_id_ext = @id AND payload IS NOT NULL", id);

    private async Task<long> CountAsync(string sql, string id)
    {
        await using var connection = silo.Database() ?? throw new InvalidOperationException("These tests read the silo's database.");
        await connection.OpenAsync(Ct);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        var parameter = command.CreateParameter();
        parameter.ParameterName = "id";
        parameter.Value = id;
        command.Parameters.Add(parameter);
        return Convert.ToInt64(await command.ExecuteScalarAsync(Ct), CultureInfo.InvariantCulture);
    }
}

/// <summary>On SQLite.</summary>
public sealed class SqliteConsentRevocationTests(SqlitePrivacySilo silo) : ConsentRevocationTests(silo), IClassFixture<SqlitePrivacySilo>;

/// <summary>On PostgreSQL.</summary>
public sealed class PostgresConsentRevocationTests(PostgresPrivacySilo silo) : ConsentRevocationTests(silo), IClassFixture<PostgresPrivacySilo>;
