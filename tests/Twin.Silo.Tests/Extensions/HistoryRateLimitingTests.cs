using System.Net;
using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using Twin.Silo.Extensions;

namespace Twin.Silo.Tests.Extensions;

/// <summary>Whom a history request counts against.</summary>
public sealed class HistoryRateLimitingTests
{
    [Fact]
    public void ASignedInCallerIsCountedByNameWhereverTheyCallFrom()
    {
        var http = new DefaultHttpContext { User = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, "operator-7")], "test")) };
        http.Connection.RemoteIpAddress = IPAddress.Parse("10.0.0.8");

        Assert.Equal("user:operator-7", HistoryRateLimiting.CallerOf(http));
    }

    [Fact]
    public void AnAnonymousCallerIsCountedByAddress()
    {
        var http = new DefaultHttpContext();
        http.Connection.RemoteIpAddress = IPAddress.Parse("192.0.2.15");

        Assert.Equal("ip:192.0.2.15", HistoryRateLimiting.CallerOf(http));
        Assert.Equal("ip:unknown", HistoryRateLimiting.CallerOf(new DefaultHttpContext()));
    }
}
