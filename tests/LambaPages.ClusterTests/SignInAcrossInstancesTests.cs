using System.Net;
using OtpNet;

namespace LambaPages.ClusterTests;

/// <summary>Round robin sends the sign-in form and its POST to different instances: they must behave as one.</summary>
[Collection(ClusterTier.Name)]
public sealed class SignInAcrossInstancesTests(Cluster cluster, ITestOutputHelper output)
{
    [Fact]
    public async Task A_form_served_by_one_instance_signs_in_when_posted_to_the_other()
    {
        await cluster.WaitUntilBothInstancesServeAsync();
        using var browser = cluster.NewBrowser();

        var (form, post) = await OnDifferentInstancesAsync(() => browser.SubmitLoginAsync("viewer@acme.test"));

        Assert.Equal(HttpStatusCode.Redirect, post.Status);
        Assert.False(post.RedirectsToLogin);
        var me = await browser.GetAsync("/Me");
        Assert.Equal(HttpStatusCode.OK, me.Status);
        Assert.Contains("viewer@acme.test", me.Html, StringComparison.Ordinal);
        output.WriteLine($"Login form from {form.Instance}, POST to {post.Instance}: {(int)post.Status} to {post.Location}; /Me then {(int)me.Status} from {me.Instance}");
    }

    [Fact]
    public async Task An_MFA_user_posts_the_password_to_one_instance_and_the_code_to_the_other()
    {
        await cluster.WaitUntilBothInstancesServeAsync();
        using var browser = cluster.NewBrowser();

        var (password, step) = await OnDifferentInstancesAsync(async () =>
        {
            var form = await browser.GetAsync("/Login");
            var post = await browser.PostFormAsync("/Login", form.Html,
                [new("Input.Login", "mfa@acme.test"), new("Input.Password", ClusterBrowser.Password), new("ReturnUrl", "")]);
            Assert.Equal(HttpStatusCode.Redirect, post.Status);
            var step = await browser.GetAsync("/Login/Mfa");
            // Round robin: the password POST and this GET took one instance each, so one more request puts the code
            // POST on the other instance than the password's (a retry would present the same, now used, code).
            await browser.GetAsync("/Login/Mfa");
            var code = await browser.PostFormAsync("/Login/Mfa", step.Html,
                [new("Input.MfaCode", await CurrentCodeAsync()), new("ReturnUrl", "")]);
            return (post, code);
        });

        Assert.Equal(HttpStatusCode.Redirect, step.Status);
        Assert.False(step.RedirectsToLogin);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/Me")).Status);
        output.WriteLine($"MFA: password POST on {password.Instance}, code POST on {step.Instance}: {(int)step.Status} to {step.Location}");
    }

    /// <summary>Round robin alternates, but other traffic may shift it: retry until the two steps landed on different instances.</summary>
    private static async Task<(ClusterResponse First, ClusterResponse Second)> OnDifferentInstancesAsync(
        Func<Task<(ClusterResponse First, ClusterResponse Second)>> twoSteps)
    {
        for (var attempt = 0; attempt < 8; attempt++)
        {
            var answers = await twoSteps();
            if (answers.First.Instance != answers.Second.Instance)
            {
                return answers;
            }
        }

        throw new InvalidOperationException("Eight tries, and both steps always landed on the same instance: is nginx round robin?");
    }

    /// <summary>The authenticator code for Lamba's clock (other tests move it forward).</summary>
    private async Task<string> CurrentCodeAsync() =>
        new Totp(Base32Encoding.ToBytes(ClusterBrowser.MfaSecret)).ComputeTotp((await cluster.LambaNowAsync()).UtcDateTime);
}
