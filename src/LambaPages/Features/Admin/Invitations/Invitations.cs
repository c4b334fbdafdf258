using FluentValidation;
using LambaPages.Features.Admin.Roles;
using Mediator;
using Refit;

namespace LambaPages.Features.Admin.Invitations;

/// <summary>Pending invitations and the roles an invitation may grant.</summary>
public sealed record PendingInvitationsQuery : IQuery<InvitationsOverview>;

public sealed record InvitationsOverview(IReadOnlyList<Invitation> Pending, IReadOnlyList<Role> Catalogue);

public sealed class PendingInvitationsQueryHandler(IInvitationsApi api, RoleCatalogue roles) : IQueryHandler<PendingInvitationsQuery, InvitationsOverview>
{
    public async ValueTask<InvitationsOverview> Handle(PendingInvitationsQuery query, CancellationToken cancellationToken)
    {
        var pending = await api.ListAsync("pending", cancellationToken);
        // Only the roles this member may grant are offered.
        return new InvitationsOverview(pending.All, (await roles.ChoicesAsync(cancellationToken)).Grantable);
    }
}

/// <summary>Invite someone by email to the active Project with these roles; the link expires after <see cref="ExpiresInDays"/>.</summary>
public sealed record InviteCommand : ICommand<AdminResult>
{
    public const int DefaultExpiry = 7;

    public string Email { get; init; } = "";

    // An array: the form binder fills it from repeated "Input.RoleKeys" fields (it cannot add to a read-only list).
    public string[] RoleKeys { get; init; } = [];

    public int ExpiresInDays { get; init; } = DefaultExpiry;
}

public sealed class InviteCommandValidator : AbstractValidator<InviteCommand>
{
    public InviteCommandValidator()
    {
        RuleFor(x => x.Email).Cascade(CascadeMode.Stop)
            .NotEmpty().WithMessage("Enter the email address to invite.")
            .MaximumLength(320).WithMessage("An email address has at most 320 characters.")
            .EmailAddress().WithMessage("Enter an email address like name@example.com.");
        RuleFor(x => x.RoleKeys).NotEmpty().WithMessage("Choose at least one role.");
        RuleFor(x => x.ExpiresInDays).InclusiveBetween(1, 30).WithMessage("Choose an expiry between 1 and 30 days.");
    }
}

public sealed class InviteCommandHandler(IInvitationsApi api, RoleCatalogue roles) : ICommandHandler<InviteCommand, AdminResult>
{
    public async ValueTask<AdminResult> Handle(InviteCommand command, CancellationToken cancellationToken) =>
        (await roles.ChoicesAsync(cancellationToken)).Refused(command.RoleKeys).Count > 0
            ? AdminResult.NotGrantable with { Errors = new Dictionary<string, string[]> { [nameof(InviteCommand.RoleKeys)] = [AdminMessages.RoleNotGrantable] } }
            : await AdminResult.OfAsync(
            () => api.CreateAsync(new CreateInvitationRequest(command.Email.Trim(), command.RoleKeys, command.ExpiresInDays), cancellationToken),
            problem => problem.Detail ?? "That person is already a member or already invited.");
}

/// <summary>Send a pending invitation again (new link, new expiry).</summary>
public sealed record ResendInvitationCommand(string InvitationId) : ICommand<AdminResult>;

public sealed class ResendInvitationCommandValidator : AbstractValidator<ResendInvitationCommand>
{
    public ResendInvitationCommandValidator() => RuleFor(x => x.InvitationId).NotEmpty();
}

public sealed class ResendInvitationCommandHandler(IInvitationsApi api) : ICommandHandler<ResendInvitationCommand, AdminResult>
{
    public async ValueTask<AdminResult> Handle(ResendInvitationCommand command, CancellationToken cancellationToken) =>
        await AdminResult.OfAsync(() => api.ResendAsync(command.InvitationId, cancellationToken));
}

/// <summary>Withdraw a pending invitation: its link stops working.</summary>
public sealed record RevokeInvitationCommand(string InvitationId) : ICommand<AdminResult>;

public sealed class RevokeInvitationCommandValidator : AbstractValidator<RevokeInvitationCommand>
{
    public RevokeInvitationCommandValidator() => RuleFor(x => x.InvitationId).NotEmpty();
}

public sealed class RevokeInvitationCommandHandler(IInvitationsApi api) : ICommandHandler<RevokeInvitationCommand, AdminResult>
{
    public async ValueTask<AdminResult> Handle(RevokeInvitationCommand command, CancellationToken cancellationToken) =>
        await AdminResult.OfAsync(() => api.RevokeAsync(command.InvitationId, cancellationToken));
}
