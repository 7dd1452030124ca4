using System.Globalization;
using CongressHub.Domain.Common;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.Extensions.Localization;

namespace CongressHub.Web.Streets;

/// <summary>What every public form posts besides the resident's input: the human check's token and the resident's answer.</summary>
public abstract class PublicFormInput
{
    public string? CheckToken { get; set; }

    public string? CheckAnswer { get; set; }
}

/// <summary>
/// The post of a residents' public form: a plain form on a static page, sent without an account. Every such form answers
/// alike. A wrong or spent human check, or input the domain refuses, shows the form again with the messages in it and the
/// resident's text kept, answering 422; past the hour's allowance (<see cref="PublicFormLimiter"/>) it answers 429 with
/// Retry-After, the text kept too; once stored, it redirects, so that reloading the confirmation does not send it again.
/// </summary>
public sealed class PublicFormPost(HumanCheck check, PublicFormLimiter limiter, NavigationManager nav, IStringLocalizer<SharedResource> text)
{
    /// <summary>The field of the human check's answer, and the input it is typed into.</summary>
    public const string CheckField = nameof(PublicFormInput.CheckAnswer);

    private string CheckInput => CheckInputId;

    /// <summary>The id of the human check's answer input: set before <see cref="Open"/> when a page carries two public forms.</summary>
    public string CheckInputId { get; set; } = "check-answer";

    private PublicForm _form;
    private PublicFormInput _input = null!;
    private HttpContext? _http;
    private (string Field, string Input)[] _fields = [];
    private ValidationMessageStore _messages = null!;

    /// <summary>The form's state, which the server's verdict goes into, so that the inputs mark themselves aria-invalid.</summary>
    public EditContext Edit { get; private set; } = null!;

    /// <summary>The sum the resident works out.</summary>
    public HumanCheckQuestion Question { get; private set; } = null!;

    /// <summary>What stops the post, in the order of the form's fields.</summary>
    public IReadOnlyList<FieldError> Errors { get; private set; } = [];

    /// <summary>Set when the hour's allowance is spent: roughly how long until the next post is taken.</summary>
    public TimeSpan? RetryAfter { get; private set; }

    /// <summary>
    /// Opens the form on its input, as posted or new. <paramref name="fields"/> names each field with the id of its input,
    /// in the order of the form; the human check's answer comes last of all.
    /// </summary>
    public void Open(PublicForm form, PublicFormInput input, HttpContext? http, params (string Field, string Input)[] fields)
    {
        (_form, _input, _http, _fields) = (form, input, http, [.. fields, (CheckField, CheckInput)]);
        Edit = new EditContext(input);
        _messages = new ValidationMessageStore(Edit);
        // A posted token keeps its question on screen while it is valid; otherwise the resident gets a new one.
        Question = check.Read(input.CheckToken) ?? check.Ask();
    }

    /// <summary>
    /// Takes the post: <paramref name="validate"/> checks the input on the page (adding what it finds to the list, or
    /// throwing the domain's <see cref="ValidationFailedException"/>); <paramref name="store"/> stores it and answers where
    /// the resident goes next. A refusal of the domain that names no field is shown at <paramref name="refusedAt"/>.
    /// </summary>
    public async Task SubmitAsync(Action<List<FieldError>> validate, Func<Task<string>> store, string refusedAt)
    {
        if (await RunAsync(_form, validate, store, refusedAt) is ({ } next, { } posted))
        {
            check.MarkUsed(posted);
            nav.NavigateTo(next);
        }
    }

    /// <summary>
    /// Takes a request of the form that stores none of it but has the server act for the resident (a code sent to their
    /// phone): the same human check, a permit of <paramref name="allowance"/>'s own hourly allowance, and the form shown
    /// again with its input and <paramref name="status"/>. The human check is not spent: it still guards the post that follows.
    /// </summary>
    public async Task<bool> RequestAsync(PublicForm allowance, Action<List<FieldError>> validate, Func<Task> act, string refusedAt, string status)
    {
        if (await RunAsync(allowance, validate, async () =>
            {
                await act();
                return status;
            }, refusedAt) is ({ } done, not null))
        {
            Status = done;
            return true;
        }
        return false;
    }

    /// <summary>What the last request did for the resident (a code sent), shown with the form.</summary>
    public string? Status { get; private set; }

    private async Task<(string? Result, HumanCheckQuestion? Posted)> RunAsync(PublicForm allowance, Action<List<FieldError>> validate, Func<Task<string>> act, string refusedAt)
    {
        var errors = new List<FieldError>();
        try
        {
            validate(errors);
        }
        catch (ValidationFailedException ex)
        {
            errors.AddRange(ex.Errors);
        }
        var posted = check.Read(_input.CheckToken);
        var passed = posted is not null && posted.IsAnsweredBy(_input.CheckAnswer);
        if (!passed)
        {
            errors.Add(new FieldError(CheckField, posted is null ? text["PublicOpinion.CheckExpired"] : text["PublicOpinion.CheckWrong"]));
        }
        if (errors.Count > 0)
        {
            Refuse(errors, passed);
            return default;
        }
        if (!limiter.TryAcquire(allowance, _http?.Connection.RemoteIpAddress, out var retryAfter))
        {
            RetryAfter = retryAfter ?? TimeSpan.FromHours(1);
            if (_http is { } http)
            {
                http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                http.Response.Headers.RetryAfter = ((int)Math.Ceiling(RetryAfter.Value.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            }
            return default;
        }
        try
        {
            return (await act(), posted);
        }
        catch (ValidationFailedException ex)
        {
            Refuse([.. ex.Errors], passed);
        }
        catch (DomainException ex)
        {
            // Refused for a reason of the moment, such as a notice period that ended while the resident was writing.
            Refuse([new FieldError(refusedAt, ex.Message)], passed);
        }
        return default;
    }

    public string? ErrorFor(string field) => Errors.FirstOrDefault(e => e.Field == field)?.Message;

    /// <summary>The id of the field's input; a field the form does not name is taken as the human check's.</summary>
    public string InputId(string field) => _fields.FirstOrDefault(f => f.Field == field).Input ?? CheckInput;

    /// <summary>The ids describing the field's input: its hint, and its message when it has one.</summary>
    public string? DescribedBy(string field, string? hint = null)
    {
        var ids = string.Join(' ', new[] { hint, ErrorFor(field) is null ? null : ErrorId(field) }.Where(s => s is not null));
        return ids.Length == 0 ? null : ids;
    }

    /// <summary>The field's message under its input, when it has one.</summary>
    public RenderFragment Message(string field) => builder =>
    {
        if (ErrorFor(field) is { } message)
        {
            builder.OpenElement(0, "p");
            builder.AddAttribute(1, "class", "field-error");
            builder.AddAttribute(2, "id", ErrorId(field));
            builder.AddContent(3, message);
            builder.CloseElement();
        }
    };

    private string ErrorId(string field) => InputId(field) + "-error";

    /// <summary>Shows the form again with its messages and the resident's input, answering 422; a failed sum gets a new question.</summary>
    private void Refuse(List<FieldError> errors, bool checkPassed)
    {
        Errors = [.. errors.OrderBy(e => Array.FindIndex(_fields, f => f.Field == e.Field) is var i && i < 0 ? _fields.Length : i)];
        foreach (var e in Errors)
        {
            _messages.Add(Edit.Field(e.Field), e.Message);
        }
        Edit.NotifyValidationStateChanged();
        if (_http is { } http)
        {
            http.Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        }
        if (!checkPassed)
        {
            Question = check.Ask();
            _input.CheckAnswer = null;
        }
    }
}
