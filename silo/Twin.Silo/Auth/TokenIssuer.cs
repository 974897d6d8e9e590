using System.Security.Claims;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Twin.Storage.Accounts;

namespace Twin.Silo.Auth;

/// <summary>Short-lived bearer tokens (JWT, HMAC-SHA256) for local accounts.</summary>
public sealed class TokenIssuer(SigningKey key, IOptions<AuthOptions> options, TimeProvider time)
{
    /// <summary>The issuer and audience of local tokens.</summary>
    public const string Issuer = "toyama-twin";

    private static readonly JsonWebTokenHandler Handler = new() { SetDefaultTimesOnTokenCreation = false };

    /// <summary>A token for the account and the seconds it lives.</summary>
    public (string Token, int ExpiresIn) Issue(StoredAccount account)
    {
        var lifetime = TimeSpan.FromMinutes(options.Value.TokenLifetimeMinutes);
        var now = time.GetUtcNow().UtcDateTime;
        var token = Handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = Issuer,
            IssuedAt = now,
            NotBefore = now,
            Expires = now + lifetime,
            Subject = new ClaimsIdentity(TwinClaims.Of(account).Append(new Claim("jti", Guid.NewGuid().ToString("N")))),
            SigningCredentials = new SigningCredentials(key.Key, SecurityAlgorithms.HmacSha256),
        });
        return (token, (int)lifetime.TotalSeconds);
    }

    /// <summary>How the bearer handler checks local tokens.</summary>
    public TokenValidationParameters ValidationParameters() => new()
    {
        ValidIssuer = Issuer,
        ValidAudience = Issuer,
        IssuerSigningKeyResolver = (_, _, _, _) => [key.Key],
        ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
        NameClaimType = TwinClaims.Name,
        RoleClaimType = TwinClaims.Role,
        ClockSkew = TimeSpan.FromSeconds(30),
    };
}
