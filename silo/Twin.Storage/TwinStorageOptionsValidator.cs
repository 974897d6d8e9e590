using Microsoft.Extensions.Options;

namespace Twin.Storage;

/// <summary>Validates <see cref="TwinStorageOptions"/> when the host starts.</summary>
internal sealed class TwinStorageOptionsValidator : IValidateOptions<TwinStorageOptions>
{
    public ValidateOptionsResult Validate(string? name, TwinStorageOptions options)
    {
        var errors = options.Validate();
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
