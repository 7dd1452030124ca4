namespace CongressHub.Domain.Common;

/// <summary>One page of a list and the total count of matching rows.</summary>
public sealed record Paged<T>(IReadOnlyList<T> Items, int Total, int Page, int PageSize);

public static class Paging
{
    public const int MaxPageSize = 200;

    public static (int Page, int Size) Normalize(int page, int size) =>
        (Math.Max(0, page), size is < 1 or > MaxPageSize ? 25 : size);
}
