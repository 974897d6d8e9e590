namespace Twin.Silo.Auth;

internal static partial class AuthLog
{
    [LoggerMessage(EventId = 300, Level = LogLevel.Warning, Message = """
        No account existed: created 'admin' with the generated password below. It is shown this once; sign in at {SignInUrl} and change it (POST /api/accounts/admin/password).
            admin password: {Password}
        """)]
    public static partial void BootstrapAdminGenerated(ILogger logger, string signInUrl, string password);

    [LoggerMessage(EventId = 301, Level = LogLevel.Information, Message = "No account existed: created 'admin' with the password of Twin:Auth:BootstrapAdminPassword")]
    public static partial void BootstrapAdminConfigured(ILogger logger);

    [LoggerMessage(EventId = 302, Level = LogLevel.Information, Message = "Accounts: {Count} configured account(s) written from Twin:Auth:Accounts")]
    public static partial void ConfiguredAccounts(ILogger logger, int count);

    [LoggerMessage(EventId = 303, Level = LogLevel.Information, Message = "Sign in at {SignInUrl} ({Mode} accounts)")]
    public static partial void SignInAt(ILogger logger, string signInUrl, AuthMode mode);

    [LoggerMessage(EventId = 304, Level = LogLevel.Warning, Message = "Sign-in refused for {Name} from {Address}: {Reason}")]
    public static partial void SignInRefused(ILogger logger, string name, string address, string reason);

    [LoggerMessage(EventId = 305, Level = LogLevel.Information, Message = "Account {Name}: {Change} by {Actor}")]
    public static partial void AccountChanged(ILogger logger, string name, string change, string actor);
}
