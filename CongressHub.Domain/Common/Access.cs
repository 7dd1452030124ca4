namespace CongressHub.Domain.Common;

/// <summary>Permission checks shared by the services: one method per kind of action, used by pages and services alike.</summary>
public static class Access
{
    /// <summary>Managing a street's directory, sessions and roster: conveners of that street.</summary>
    public static bool CanManageStreet(Actor? actor) => actor is { IsConvener: true };

    /// <summary>Returns the convener's street, or refuses.</summary>
    public static int RequireConvener(Actor? actor) =>
        CanManageStreet(actor) ? actor!.StreetId!.Value : throw new ForbiddenException();

    /// <summary>
    /// May run a session (build its agenda, check members in, put votes, write minutes): the street's convener, and for a
    /// community council's meeting (<paramref name="councilOf"/>) also that community's staff.
    /// </summary>
    public static bool CanRun(Actor? actor, int streetId, int? councilOf) =>
        actor is not null && actor.BelongsTo(streetId)
        && (CanManageStreet(actor) || councilOf is { } c && actor.IsInRole(Roles.CommunityStaff) && actor.CommunityId == c);

    public static bool CanManageStreets(Actor? actor) => actor is { IsCityAdmin: true };

    public static void RequireCityAdmin(Actor? actor)
    {
        if (!CanManageStreets(actor))
        {
            throw new ForbiddenException();
        }
    }

    /// <summary>
    /// The refusal of an action the actor may not take on a record of street <paramref name="recordStreetId"/> (null:
    /// no such record): forbidden in the actor's own street (with the reason <paramref name="reasonKey"/>, if given),
    /// not found anywhere else, so that a refusal never tells another street's ids from missing ones.
    /// </summary>
    public static DomainException Refusal(Actor actor, int? recordStreetId, string? reasonKey = null) =>
        recordStreetId is { } street && actor.BelongsTo(street)
            ? reasonKey is null ? new ForbiddenException() : ForbiddenException.Because(reasonKey)
            : new NotFoundException();

    /// <summary>A record of another street is reported as missing, never as forbidden: ids of other streets leak nothing.</summary>
    public static T InStreet<T>(T? entity, int streetId, Func<T, int> streetOf) where T : class =>
        entity is not null && streetOf(entity) == streetId ? entity : throw new NotFoundException();
}
