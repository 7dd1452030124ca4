using CongressHub.Domain.Common;

namespace CongressHub.Web.Components.Shared;

/// <summary>The server's verdict on a form: messages per field, and a summary for the alert above the form.</summary>
public sealed class FormErrors
{
    private IReadOnlyList<FieldError> _fields = [];

    public string? Summary { get; private set; }

    /// <summary>How many times the server has refused this form: a new count is a new verdict to bring the person to.</summary>
    public int Refusals { get; private set; }

    public bool Has(string field) => _fields.Any(e => e.Field == field);

    public string? For(string field) => _fields.FirstOrDefault(e => e.Field == field)?.Message;

    public void Clear()
    {
        _fields = [];
        Summary = null;
    }

    /// <summary>Runs a service call; a refusal is kept for display (nothing was written) and false is returned.</summary>
    public async Task<bool> RunAsync(Func<Task> action)
    {
        Clear();
        try
        {
            await action();
            return true;
        }
        catch (ValidationFailedException ex)
        {
            _fields = ex.Errors;
            Summary = ex.Message;
        }
        catch (DomainException ex)
        {
            Summary = ex.Message;
        }
        Refusals++;
        return false;
    }
}
