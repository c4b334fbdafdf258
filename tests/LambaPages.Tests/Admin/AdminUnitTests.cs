using LambaPages.Features.Admin;
using LambaPages.Features.Admin.Invitations;

namespace LambaPages.Tests.Admin;

public sealed class InviteCommandValidatorTests
{
    private static readonly InviteCommandValidator Validator = new();

    [Fact]
    public void Accepts_an_email_a_role_and_the_default_expiry_of_seven_days()
    {
        var command = new InviteCommand { Email = "new@example.test", RoleKeys = ["viewer"] };

        Assert.Equal(7, command.ExpiresInDays);
        Assert.True(Validator.Validate(command).IsValid);
    }

    [Theory]
    [InlineData("", "Enter the email address to invite.")]
    [InlineData("not-an-email", "Enter an email address like name@example.com.")]
    public void Asks_for_a_real_email_address(string email, string message)
    {
        var result = Validator.Validate(new InviteCommand { Email = email, RoleKeys = ["viewer"] });

        Assert.Equal([(nameof(InviteCommand.Email), message)], result.Errors.Select(e => (e.PropertyName, e.ErrorMessage)));
    }

    [Fact]
    public void Asks_for_at_least_one_role()
    {
        var result = Validator.Validate(new InviteCommand { Email = "new@example.test", RoleKeys = [] });

        Assert.Equal([(nameof(InviteCommand.RoleKeys), "Choose at least one role.")], result.Errors.Select(e => (e.PropertyName, e.ErrorMessage)));
    }

    [Theory]
    [InlineData(0, false)]
    [InlineData(1, true)]
    [InlineData(30, true)]
    [InlineData(31, false)]
    public void Keeps_the_expiry_between_one_and_thirty_days(int days, bool valid)
    {
        var result = Validator.Validate(new InviteCommand { Email = "new@example.test", RoleKeys = ["viewer"], ExpiresInDays = days });

        Assert.Equal(valid, result.IsValid);
        if (!valid)
        {
            Assert.Equal("Choose an expiry between 1 and 30 days.", Assert.Single(result.Errors).ErrorMessage);
        }
    }
}

public sealed class CursorTrailTests
{
    private static readonly KeyValuePair<string, string?>[] Search = [new("search", "acme")];

    [Fact]
    public void Goes_forward_remembering_the_way_back_and_keeps_the_filters()
    {
        var first = new CursorTrail(null, []);

        Assert.Null(first.PreviousUrl("/Admin/Members", Search));
        Assert.Equal("/Admin/Members?search=acme&cursor=C2&prev=", first.NextUrl("/Admin/Members", "C2", Search));
    }

    [Fact]
    public void Goes_back_one_page_at_a_time_to_the_first()
    {
        var third = new CursorTrail("C3", ["", "C2"]);
        var second = new CursorTrail("C2", [""]);

        Assert.Equal("/Admin/Audit?cursor=C2&prev=", third.PreviousUrl("/Admin/Audit", []));
        Assert.Equal("/Admin/Audit", second.PreviousUrl("/Admin/Audit", []));
        Assert.Equal("/Admin/Audit?cursor=C4&prev=&prev=C2&prev=C3", third.NextUrl("/Admin/Audit", "C4", []));
    }

    [Fact]
    public void Reads_an_empty_trail_entry_as_the_first_page()
    {
        Assert.Equal("/Admin/Audit", new CursorTrail("C2", [null]).PreviousUrl("/Admin/Audit", []));
        Assert.Equal("/Admin/Audit?cursor=C3&prev=&prev=C2", new CursorTrail("C2", [null]).NextUrl("/Admin/Audit", "C3", []));
    }

    [Fact]
    public void Offers_no_next_page_on_the_last_one()
    {
        Assert.Null(new CursorTrail("C2", [""]).NextUrl("/Admin/Members", null, Search));
    }

    [Fact]
    public void Escapes_opaque_cursors()
    {
        Assert.Equal("/Admin/Audit?cursor=a%2Bb%3D%26c&prev=", new CursorTrail(null, []).NextUrl("/Admin/Audit", "a+b=&c", []));
    }
}
