using System.Collections.Immutable;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Twin.Catalog;
using Twin.Grains.Abstractions;

namespace Twin.Silo.Tests.Api;

/// <summary>A silo on its default storage, an SQLite file of its own.</summary>
public sealed class SqliteAppFixture : WebApplicationFactory<Program>
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "twin-silo-tests", Guid.NewGuid().ToString("N"));

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        TwinAppFixture.Isolate(builder, "history-sqlite");
        builder.UseSetting("Twin:Storage", "Sqlite");
        builder.UseSetting("Twin:Sqlite:Path", Path.Combine(_directory, "twin.db"));
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }
}

/// <summary>The history endpoint as a silo on SQLite answers it: the database streams the rows and computes the averages.</summary>
public sealed class HistoryOnSqliteTests(SqliteAppFixture silo) : IClassFixture<SqliteAppFixture>
{
    private static readonly DateTimeOffset Start = new(2025, 1, 6, 0, 0, 0, TimeSpan.FromHours(9));

    [Fact]
    public async Task RawReadingsStepsAndCsvComeFromTheDatabase()
    {
        var ct = TestContext.Current.CancellationToken;
        using var http = silo.CreateClientAs(TestAccounts.Operator);
        var pump = silo.Services.GetRequiredService<TwinCatalog>().Devices.First(d => d.Kind == DeviceKind.SnowPump);
        var history = silo.Services.GetRequiredService<IReadingHistory>();
        async Task AppendAsync(int minute, long seq, double pressure, string state, string? flag = null)
        {
            var ts = Start.AddMinutes(minute);
            var values = ImmutableDictionary<string, double>.Empty.Add("pressure_mpa", pressure);
            await history.AppendAsync(new HistoryRecord(pump.Id, ts, seq, new Reading(ts, seq, values, state) { Flag = flag }, ts), ct);
        }
        await AppendAsync(0, 1, 0.25, "running");
        await AppendAsync(1, 2, 0.25, "running");
        await AppendAsync(1, 2, 0.25, "running"); // delivered twice
        await AppendAsync(2, 3, 0.75, "running", "rate-limited");
        await AppendAsync(12, 4, 0.5, "low_water");
        const string Window = "from=2025-01-05T15:00:00Z&to=2025-01-05T15:30:00Z";
        var url = $"/api/devices/{pump.Id}/history?{Window}";

        var raw = await http.GetStringAsync(url, ct);
        var step = await http.GetStringAsync($"{url}&step=PT10M", ct);
        using var csvRequest = new HttpRequestMessage(HttpMethod.Get, url);
        csvRequest.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/csv"));
        using var csvResponse = await http.SendAsync(csvRequest, ct);
        var csv = await csvResponse.Content.ReadAsStringAsync(ct);

        Assert.Equal(
            """[{"ts":"2025-01-06T00:00:00.0000000+09:00","seq":1,"state":"running","pressure_mpa":0.25},"""
            + """{"ts":"2025-01-06T00:01:00.0000000+09:00","seq":2,"state":"running","pressure_mpa":0.25},"""
            + """{"ts":"2025-01-06T00:02:00.0000000+09:00","seq":3,"state":"running","flag":"rate-limited","pressure_mpa":0.75},"""
            + """{"ts":"2025-01-06T00:12:00.0000000+09:00","seq":4,"state":"low_water","pressure_mpa":0.5}]""",
            raw);
        Assert.Equal(
            """[{"ts":"2025-01-05T15:00:00.0000000+00:00","seq":2,"state":"running","pressure_mpa":0.25},"""
            + """{"ts":"2025-01-05T15:10:00.0000000+00:00","seq":4,"state":"low_water","pressure_mpa":0.5}]""",
            step);
        Assert.Equal("text/csv; charset=utf-8", csvResponse.Content.Headers.ContentType?.ToString());
        Assert.Equal(
            "ts,seq,state,pressure_mpa,flag\n"
            + "2025-01-06T00:00:00.0000000+09:00,1,running,0.25,\n"
            + "2025-01-06T00:01:00.0000000+09:00,2,running,0.25,\n"
            + "2025-01-06T00:02:00.0000000+09:00,3,running,0.75,rate-limited\n"
            + "2025-01-06T00:12:00.0000000+09:00,4,low_water,0.5,\n",
            csv);
    }
}
