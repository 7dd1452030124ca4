namespace CongressHub.Domain.Directory;

public sealed record CommunityRow(int Id, string Name, int SortOrder, int Delegates, int ResidentReps, QuotaStatus Quota);

public sealed record DepartmentRow(int Id, string Name, int SortOrder, int Officers);

public sealed record TermRow(int Id, int Number, DateOnly StartsOn, DateOnly EndsOn, int MinResidentReps, int MaxResidentReps, int Delegates, bool IsCurrent, int CosignersNeeded = Term.DefaultCosignersNeeded);

/// <param name="UserId">The officer's account, if they have one: for a password reset.</param>
public sealed record OfficerRow(int Id, string Name, string Position, int? DepartmentId, string? Department, bool IsLeader, string? Phone, bool IsRetired, string? UserName, string? UserId);

/// <param name="UserName">The user name of the delegate's password account; null for a card-only account.</param>
/// <param name="UserId">The delegate's account, card-only or not.</param>
public sealed record DelegateRow(
    int Id,
    int TermId,
    string Name,
    DelegateCategory Category,
    int? CommunityId,
    string? Community,
    string? Phone,
    bool IsRetired,
    string? RetiredReason,
    bool HasActiveCard,
    string? UserName,
    string? UserId);

public sealed record DelegateQuery(
    int? TermId = null,
    string? Search = null,
    DelegateCategory? Category = null,
    int? CommunityId = null,
    bool IncludeRetired = false,
    int Page = 0,
    int PageSize = 25);

public sealed record OfficerQuery(string? Search = null, bool IncludeRetired = false, int Page = 0, int PageSize = 25);

/// <summary>Resident representatives per community against the term's quota (4–5 by default).</summary>
public sealed record QuotaRow(int CommunityId, string Community, int ResidentReps, int Min, int Max, QuotaStatus Status);

public sealed record DirectoryOverview(string StreetName, int? CurrentTermNumber, int Communities, int Departments, int Officers, int Delegates, int ActiveCards, int QuotaProblems);

public sealed record MyProfile(
    string DisplayName,
    string? StreetName,
    string? StreetSlug,
    DelegateCategory? Category,
    string? Community,
    string? Position,
    string? Department,
    bool IsLeader,
    int? TermNumber,
    DateOnly? TermEndsOn);
