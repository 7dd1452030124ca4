namespace CongressHub.Domain.Common;

/// <summary>A refused action, with a reason in words a convener understands (already localized).</summary>
public class DomainException(string message) : Exception(message)
{
    /// <summary>Builds the exception from a message key of Resources/Messages.resx.</summary>
    public static DomainException Because(string key, params object?[] args) => new(DomainText.Get(key, args));
}

/// <summary>The record does not exist, or belongs to another street: the caller cannot tell which.</summary>
public sealed class NotFoundException() : DomainException(DomainText.Get("NotFound"));

/// <summary>The actor may not do this.</summary>
public sealed class ForbiddenException(string message) : DomainException(message)
{
    public ForbiddenException()
        : this(DomainText.Get("Forbidden"))
    {
    }

    /// <summary>Refused with the reason from a message key, for refusals the user can act on ("you were not present when the vote opened").</summary>
    public static new ForbiddenException Because(string key, params object?[] args) => new(DomainText.Get(key, args));
}

/// <summary>One invalid input field and what is wrong with it.</summary>
public sealed record FieldError(string Field, string Message);

/// <summary>Input that breaks a rule; nothing has been written.</summary>
public sealed class ValidationFailedException(IReadOnlyList<FieldError> errors)
    : DomainException(string.Join(" ", errors.Select(e => e.Message)))
{
    public IReadOnlyList<FieldError> Errors { get; } = errors;

    public string? ErrorFor(string field) =>
        Errors.FirstOrDefault(e => e.Field == field)?.Message;
}

/// <summary>Collects field errors and throws them together.</summary>
public sealed class Validator
{
    private readonly List<FieldError> _errors = [];

    public Validator Require(string field, string? value, string fieldKey)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            Add(field, DomainText.Get("Validation.Required", DomainText.Get(fieldKey)));
        }
        return Clean(field, value, fieldKey);
    }

    public Validator MaxLength(string field, string? value, int max, string fieldKey)
    {
        if (value is not null && value.Trim().Length > max)
        {
            Add(field, DomainText.Get("Validation.TooLong", DomainText.Get(fieldKey), max));
        }
        return Clean(field, value, fieldKey);
    }

    /// <summary>
    /// Refuses control characters and text-direction marks (<see cref="TextRules"/>) in every field checked here, before
    /// anything is looked up with it; saving checks every text again.
    /// </summary>
    private Validator Clean(string field, string? value, string fieldKey)
    {
        if (!TextRules.IsClean(value?.Trim(), multiLine: !TextRules.IsSingleLine(field)))
        {
            Add(field, DomainText.Get("Validation.ControlCharacters", DomainText.Get(fieldKey)));
        }
        return this;
    }

    public Validator Check(bool ok, string field, string key, params object?[] args)
    {
        if (!ok)
        {
            Add(field, DomainText.Get(key, args));
        }
        return this;
    }

    public void Add(string field, string message)
    {
        if (_errors.All(e => e.Field != field))
        {
            _errors.Add(new FieldError(field, message));
        }
    }

    public bool IsValid => _errors.Count == 0;

    public void ThrowIfInvalid()
    {
        if (_errors.Count > 0)
        {
            throw new ValidationFailedException(_errors.ToList());
        }
    }
}
