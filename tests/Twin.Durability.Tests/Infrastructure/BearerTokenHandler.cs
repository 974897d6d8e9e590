using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Twin.Durability.Tests.Infrastructure;

/// <summary>
/// Signs a test's HTTP client in: a token from <c>POST /api/auth/token</c> on the first request, sent on every one,
/// and fetched again once when the silo answers 401 (the token expired, or a restarted memory silo made a new key).
/// </summary>
public sealed class BearerTokenHandler(Uri baseAddress, string name, string password) : DelegatingHandler(new HttpClientHandler())
{
    private readonly SemaphoreSlim _lock = new(1, 1);
    private string? _token;

    /// <summary>A fresh token for the account.</summary>
    public static async Task<string> TokenAsync(Uri baseAddress, string name, string password, CancellationToken ct = default)
    {
        using var http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(40) };
        using var response = await http.PostAsJsonAsync("/api/auth/token", new { name, password }, ct);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("accessToken").GetString()!;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var token = await CurrentAsync(null, cancellationToken);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var response = await base.SendAsync(request, cancellationToken);
        if (response.StatusCode != HttpStatusCode.Unauthorized || request.Content is not null)
        {
            return response;
        }
        response.Dispose();
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await CurrentAsync(token, cancellationToken));
        return await base.SendAsync(request, cancellationToken);
    }

    private async Task<string> CurrentAsync(string? refused, CancellationToken ct)
    {
        await _lock.WaitAsync(ct);
        try
        {
            if (_token is null || _token == refused)
            {
                _token = await TokenAsync(baseAddress, name, password, ct);
            }
            return _token;
        }
        finally
        {
            _lock.Release();
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _lock.Dispose();
        }
        base.Dispose(disposing);
    }
}
