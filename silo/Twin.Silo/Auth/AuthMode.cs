namespace Twin.Silo.Auth;

/// <summary><c>Twin:Auth:Mode</c>: who vouches for the people signing in.</summary>
public enum AuthMode
{
    /// <summary>Local accounts in the twin's database (default).</summary>
    Local,

    /// <summary>The city's OpenID Connect identity provider; local accounts remain for Basic on <c>/metrics</c>.</summary>
    Oidc,
}
