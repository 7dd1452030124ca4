using CongressHub.Domain.Common;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CongressHub.Domain.Accounts;

public sealed record NewAccountInput(string UserName, string DisplayName, string Password);

/// <summary>
/// Password accounts: a convener account for a street (city admin), and a user changing their own password.
/// Identity's UserManager is scoped; each call takes its own scope so no context outlives the operation.
/// </summary>
public sealed class AccountService(IServiceScopeFactory scopes)
{
    public async Task<string> CreateConvenerAsync(Actor actor, int streetId, NewAccountInput input, CancellationToken ct = default)
    {
        Access.RequireCityAdmin(actor);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CongressDbContext>();
        if (!await db.Streets.AnyAsync(s => s.Id == streetId, ct))
        {
            throw new NotFoundException();
        }
        new Validator()
            .Require(nameof(input.UserName), input.UserName, "Field.UserName")
            .MaxLength(nameof(input.UserName), input.UserName, 40, "Field.UserName")
            .Require(nameof(input.DisplayName), input.DisplayName, "Field.DisplayName")
            .MaxLength(nameof(input.DisplayName), input.DisplayName, 60, "Field.DisplayName")
            .Require(nameof(input.Password), input.Password, "Field.Password")
            .ThrowIfInvalid();

        var users = scope.ServiceProvider.GetRequiredService<UserManager<CongressUser>>();
        var user = new CongressUser { UserName = input.UserName.Trim(), DisplayName = input.DisplayName.Trim(), StreetId = streetId, LockoutEnabled = true };
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        Check(await users.CreateAsync(user, input.Password), nameof(input.Password));
        Check(await users.AddToRoleAsync(user, Roles.Convener), nameof(input.UserName));
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
            .ThrowIfInvalid();
        Check(await users.ChangePasswordAsync(user, currentPassword, newPassword), "NewPassword");
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
