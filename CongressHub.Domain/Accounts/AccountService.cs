using CongressHub.Domain.Audit;
using CongressHub.Domain.Common;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CongressHub.Domain.Accounts;

public sealed record NewAccountInput(string UserName, string DisplayName, string Password);

/// <summary>A password account as the city admin lists a street's conveners.</summary>
public sealed record AccountRow(string UserId, string UserName, string DisplayName);

/// <summary>A district the city's streets name: its streets and its accounts.</summary>
public sealed record DistrictAccounts(string District, IReadOnlyList<string> Streets, IReadOnlyList<AccountRow> Accounts);

/// <summary>
/// Password accounts: a convener account for a street (city admin), a user changing their own password, and a password
/// reset by the convener, the city admin or the operator at the server.
/// Identity's UserManager is scoped; each call takes its own scope so no context outlives the operation.
/// </summary>
public sealed class AccountService(IServiceScopeFactory scopes, Changes changes, ILogger<AccountService> log)
{
    /// <summary>Who may reset passwords: a street's conveners (its accounts), and the city admin (conveners' accounts).</summary>
    public static bool CanResetPasswords(Actor? actor) => Access.CanManageStreet(actor) || Access.CanManageStreets(actor);

    public async Task<string> CreateConvenerAsync(Actor actor, int streetId, NewAccountInput input, CancellationToken ct = default)
    {
        Access.RequireCityAdmin(actor);
        return await CreateAsync(input, Roles.Convener, async db => await db.Streets.AnyAsync(s => s.Id == streetId, ct) ? u => u.StreetId = streetId : null, ct);
    }

    /// <summary>
    /// A district's account (区级), for the city admin: it reads the records of the streets whose district is
    /// <paramref name="district"/> and records its inspections of them. A district no street names is refused.
    /// </summary>
    public async Task<string> CreateDistrictAccountAsync(Actor actor, string district, NewAccountInput input, CancellationToken ct = default)
    {
        Access.RequireCityAdmin(actor);
        var name = district?.Trim() ?? "";
        return await CreateAsync(input, Roles.District, async db =>
        {
            if (!await db.Streets.AnyAsync(s => s.District == name && name != "", ct))
            {
                throw new ValidationFailedException([new FieldError("District", DomainText.Get("Account.NoSuchDistrict", name))]);
            }
            return u => u.District = name;
        }, ct);
    }

    /// <summary>Districts the city's streets name, with their streets' names, for the city admin.</summary>
    public async Task<IReadOnlyList<DistrictAccounts>> ListDistrictsAsync(Actor actor, CancellationToken ct = default)
    {
        Access.RequireCityAdmin(actor);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CongressDbContext>();
        var streets = await db.Streets.AsNoTracking().Where(s => s.District != "").OrderBy(s => s.Id).Select(s => new { s.District, s.Name }).ToListAsync(ct);
        var roleId = await db.Roles.Where(r => r.Name == Roles.District).Select(r => r.Id).SingleOrDefaultAsync(ct);
        var accounts = await (from u in db.Users
                              where u.District != null && db.UserRoles.Any(ur => ur.UserId == u.Id && ur.RoleId == roleId)
                              orderby u.UserName
                              select new { u.District, Row = new AccountRow(u.Id, u.UserName!, u.DisplayName) }).ToListAsync(ct);
        return streets.GroupBy(s => s.District).Select(g => new DistrictAccounts(g.Key, g.Select(s => s.Name).ToList(),
            accounts.Where(a => a.District == g.Key).Select(a => a.Row).ToList())).ToList();
    }

    /// <summary>
    /// A password account in one role; <paramref name="place"/> checks where it belongs and returns how to place the
    /// account there (null: not found).
    /// </summary>
    private async Task<string> CreateAsync(NewAccountInput input, string role, Func<CongressDbContext, Task<Action<CongressUser>?>> place, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CongressDbContext>();
        var placeUser = await place(db) ?? throw new NotFoundException();
        new Validator()
            .Require(nameof(input.UserName), input.UserName, "Field.UserName")
            .MaxLength(nameof(input.UserName), input.UserName, 40, "Field.UserName")
            .Require(nameof(input.DisplayName), input.DisplayName, "Field.DisplayName")
            .MaxLength(nameof(input.DisplayName), input.DisplayName, 60, "Field.DisplayName")
            .Require(nameof(input.Password), input.Password, "Field.Password")
            .ThrowIfInvalid();

        var users = scope.ServiceProvider.GetRequiredService<UserManager<CongressUser>>();
        var user = new CongressUser { UserName = input.UserName.Trim(), DisplayName = input.DisplayName.Trim(), LockoutEnabled = true };
        placeUser(user);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        Check(await users.CreateAsync(user, input.Password), nameof(input.Password));
        Check(await users.AddToRoleAsync(user, role), nameof(input.UserName));
        await tx.CommitAsync(ct);
        return user.Id;
    }

    public async Task ChangePasswordAsync(Actor actor, string currentPassword, string newPassword, CancellationToken ct = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<CongressUser>>();
        var user = await users.FindByIdAsync(actor.UserId) ?? throw new NotFoundException();
        if (user.PasswordHash is null)
        {
            throw DomainException.Because("Account.CardOnly");
        }
        new Validator()
            .Require("CurrentPassword", currentPassword, "Field.CurrentPassword")
            .Require("NewPassword", newPassword, "Field.NewPassword")
            .Check(currentPassword != newPassword, "NewPassword", "Account.SamePassword")
            .ThrowIfInvalid();
        // Saved with the new password, and only with it: a refused change leaves a reset account still to be changed.
        user.MustChangePassword = false;
        Check(await users.ChangePasswordAsync(user, currentPassword, newPassword), "NewPassword");
    }

    /// <summary>
    /// Replaces the password of <paramref name="userId"/> with a one-time password and returns it, to be shown once and
    /// handed over in person. A convener resets the password accounts of their own street (officers, community staff,
    /// delegates who sign in with a password, other conveners), never their own; the city admin resets conveners'. The
    /// account is signed out everywhere and must choose a new password at its next sign-in. The entry goes to the
    /// account's street's audit chain, naming the account and who reset it (the city admin too, so that the street's
    /// conveners see it), never the password.
    /// </summary>
    public async Task<string> ResetPasswordAsync(Actor actor, string userId, CancellationToken ct = default)
    {
        if (!CanResetPasswords(actor))
        {
            throw new ForbiddenException();
        }
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<CongressUser>>();
        // No account's id holds a control character; PostgreSQL would refuse a NUL in the lookup.
        var target = string.IsNullOrEmpty(userId) || !TextRules.IsClean(userId, multiLine: false) ? null : await users.FindByIdAsync(userId);
        int streetId;
        if (actor.IsConvener)
        {
            // Another street's account, and the city admin's (of no street), are not found.
            if (target is null || target.StreetId != actor.StreetId)
            {
                throw new NotFoundException();
            }
            if (target.Id == actor.UserId)
            {
                throw ForbiddenException.Because("Account.ResetOwn");
            }
            streetId = actor.StreetId!.Value;
        }
        else
        {
            if (target is null)
            {
                throw new NotFoundException();
            }
            if (target.StreetId is not { } street || !await users.IsInRoleAsync(target, Roles.Convener))
            {
                throw ForbiddenException.Because("Account.ResetConvenersOnly");
            }
            streetId = street;
        }
        // The city admin belongs to no street: the change is opened for the street's chain and names the admin itself.
        await using var change = await changes.BeginAsync(actor.IsConvener ? actor : null, streetId, ct);
        return await ResetAsync(scope, change, target.Id, "Account.PasswordReset", AuditTrail.NameOf(actor), ct);
    }

    /// <summary>
    /// The operator's reset at the server's console (a command line, for a locked-out city admin or any account): the same
    /// reset, by user name, recorded as done by the system at the console: in the account's street's audit chain, or the
    /// city's for the city admin, and in the log.
    /// </summary>
    public async Task<string> ResetPasswordAsync(string userName, CancellationToken ct = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<CongressUser>>();
        var name = (userName ?? "").Trim();
        var target = TextRules.IsClean(name, multiLine: false) && name.Length > 0 ? await users.FindByNameAsync(name) : null;
        if (target is null)
        {
            throw new NotFoundException();
        }
        await using var change = await changes.BeginAsync(null, target.StreetId ?? AuditEntry.CityChain, ct);
        return await ResetAsync(scope, change, target.Id, "Account.PasswordResetAtConsole", by: null, ct);
    }

    private async Task<string> ResetAsync(AsyncServiceScope scope, Change change, string userId, string action, string? by, CancellationToken ct)
    {
        var user = await change.Db.Users.SingleOrDefaultAsync(u => u.Id == userId, ct) ?? throw new NotFoundException();
        var password = OneTimePassword.New();
        user.ResetPassword(scope.ServiceProvider.GetRequiredService<IPasswordHasher<CongressUser>>().HashPassword(user, password));
        change.Audit(action, "Account " + user.UserName, user.DisplayName, by);
        change.Conflict = "Account.Changed";
        await change.CommitAsync(ct);
        log.LogInformation("Password of account {UserName} reset ({Action}, by {By}); it must be changed at the next sign-in",
            user.UserName, action, by ?? PeopleNames.System);
        return password;
    }

    /// <summary>The conveners of a street, for the city admin.</summary>
    public async Task<IReadOnlyList<AccountRow>> ListConvenersAsync(Actor actor, int streetId, CancellationToken ct = default)
    {
        Access.RequireCityAdmin(actor);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CongressDbContext>();
        if (!await db.Streets.AnyAsync(s => s.Id == streetId, ct))
        {
            throw new NotFoundException();
        }
        return await (from u in db.Users
                      where u.StreetId == streetId
                            && db.UserRoles.Any(ur => ur.UserId == u.Id && db.Roles.Any(r => r.Id == ur.RoleId && r.Name == Roles.Convener))
                      orderby u.UserName
                      select new AccountRow(u.Id, u.UserName!, u.DisplayName)).ToListAsync(ct);
    }

    /// <summary>The community staff accounts of the convener's street, by community, for the communities page.</summary>
    public async Task<ILookup<int, AccountRow>> ListCommunityStaffAsync(Actor actor, CancellationToken ct = default)
    {
        var streetId = Access.RequireConvener(actor);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CongressDbContext>();
        var staff = await (from u in db.Users
                           where u.StreetId == streetId && u.CommunityId != null
                                 && db.UserRoles.Any(ur => ur.UserId == u.Id && db.Roles.Any(r => r.Id == ur.RoleId && r.Name == Roles.CommunityStaff))
                           orderby u.UserName
                           select new { Community = u.CommunityId!.Value, Row = new AccountRow(u.Id, u.UserName!, u.DisplayName) }).ToListAsync(ct);
        return staff.ToLookup(s => s.Community, s => s.Row);
    }

    /// <summary>Whether the signed-in user's hall screens are in elder mode (长辈模式).</summary>
    public async Task<bool> ElderModeAsync(Actor actor, CancellationToken ct = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CongressDbContext>();
        return await db.Users.Where(u => u.Id == actor.UserId).Select(u => u.ElderMode).FirstOrDefaultAsync(ct);
    }

    /// <summary>
    /// Turns elder mode on or off for the signed-in user: a setting of their own screens, which changes nothing anyone
    /// else sees, so it is neither audited nor announced.
    /// </summary>
    public async Task SetElderModeAsync(Actor actor, bool on, CancellationToken ct = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CongressDbContext>();
        var user = await db.Users.FirstOrDefaultAsync(u => u.Id == actor.UserId, ct) ?? throw new NotFoundException();
        user.ElderMode = on;
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Identity's own messages are English only; map its error codes to the product's wording.</summary>
    private static void Check(IdentityResult result, string field)
    {
        if (result.Succeeded)
        {
            return;
        }
        var errors = result.Errors.Select(e => e.Code switch
        {
            "PasswordMismatch" => new FieldError("CurrentPassword", DomainText.Get("Account.WrongPassword")),
            "DuplicateUserName" => new FieldError("UserName", DomainText.Get("Account.UserNameTaken")),
            "InvalidUserName" => new FieldError("UserName", DomainText.Get("Account.UserNameInvalid")),
            var code when code.StartsWith("Password", StringComparison.Ordinal) => new FieldError(field, DomainText.Get("Account.PasswordRules")),
            _ => new FieldError(field, e.Description),
        }).GroupBy(e => e.Field).Select(g => g.First()).ToList();
        throw new ValidationFailedException(errors);
    }
}
