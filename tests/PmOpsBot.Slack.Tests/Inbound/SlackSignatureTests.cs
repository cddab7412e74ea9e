using System.Globalization;
using System.Text;
using PmOpsBot.Slack.Inbound;

namespace PmOpsBot.Slack.Tests.Inbound;

public sealed class SlackSignatureTests
{
    private const string Secret = "8f742231b10e8888abcd99yyyzzz85a5";
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(1_531_420_618);
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&command=%2Fpmops&text=help");

    private static SignatureCheck Check(string? timestamp, string? signature, byte[]? body = null, string secret = Secret, DateTimeOffset? now = null) =>
        SlackSignature.Verify(secret, timestamp, signature, body ?? Body, now ?? Now, TimeSpan.FromMinutes(5));

    private static string Ts(DateTimeOffset at) => at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);

    [Fact]
    public void Matches_slacks_published_example()
    {
        // The example from Slack's "verifying requests" guide: same secret, timestamp and body give this signature.
        var body = Encoding.UTF8.GetBytes("token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c");
        Assert.Equal("v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503", SlackSignature.Sign(Secret, "1531420618", body));
    }

    [Fact]
    public void A_correctly_signed_fresh_request_is_valid()
    {
        var ts = Ts(Now);
        Assert.Equal(SignatureCheck.Valid, Check(ts, SlackSignature.Sign(Secret, ts, Body)));
    }

    [Fact]
    public void A_tampered_body_is_refused()
    {
        var ts = Ts(Now);
        var signature = SlackSignature.Sign(Secret, ts, Body);
        var tampered = Encoding.UTF8.GetBytes("token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&command=%2Fpmops&text=forget+everyone");
        Assert.Equal(SignatureCheck.Mismatch, Check(ts, signature, tampered));
    }

    [Fact]
    public void A_signature_made_with_another_secret_is_refused()
    {
        var ts = Ts(Now);
        Assert.Equal(SignatureCheck.Mismatch, Check(ts, SlackSignature.Sign("some-other-secret", ts, Body)));
    }

    [Fact]
    public void A_signature_for_another_timestamp_is_refused()
    {
        var signature = SlackSignature.Sign(Secret, Ts(Now.AddSeconds(-1)), Body);
        Assert.Equal(SignatureCheck.Mismatch, Check(Ts(Now), signature));
    }

    [Theory]
    [InlineData(-301)]
    [InlineData(301)]
    [InlineData(-86_400)]
    public void Requests_more_than_five_minutes_off_are_stale_even_when_signed(int secondsOff)
    {
        var ts = Ts(Now.AddSeconds(secondsOff));
        Assert.Equal(SignatureCheck.Stale, Check(ts, SlackSignature.Sign(Secret, ts, Body)));
    }

    [Fact]
    public void Requests_within_five_minutes_are_accepted()
    {
        var ts = Ts(Now.AddSeconds(-299));
        Assert.Equal(SignatureCheck.Valid, Check(ts, SlackSignature.Sign(Secret, ts, Body)));
    }

    [Theory]
    [InlineData(null, "v0=abc")]
    [InlineData("1531420618", null)]
    [InlineData("", "")]
    public void Missing_headers_are_refused(string? timestamp, string? signature) =>
        Assert.Equal(SignatureCheck.Missing, Check(timestamp, signature));

    [Fact]
    public void Without_a_configured_secret_nothing_verifies()
    {
        var ts = Ts(Now);
        Assert.Equal(SignatureCheck.Missing, Check(ts, SlackSignature.Sign("", ts, Body), secret: ""));
    }

    [Theory]
    [InlineData("not-a-number")]
    [InlineData("-5")]
    [InlineData("1.5e9")]
    public void An_unreadable_timestamp_is_stale(string timestamp) =>
        Assert.Equal(SignatureCheck.Stale, Check(timestamp, "v0=00"));
}
