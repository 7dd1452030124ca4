namespace CongressHub.Web.Accounts;

public sealed class CardInput
{
    public string? Code { get; set; }
}
