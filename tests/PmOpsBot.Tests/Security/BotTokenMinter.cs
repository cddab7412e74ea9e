using System.IdentityModel.Tokens.Jwt;
using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;

namespace PmOpsBot.Tests.Security;

/// <summary>
/// Mints channel-to-bot tokens shaped like the Bot Framework's: RS256 with a kid, issuer
/// https://api.botframework.com, audience = the bot's app id, and a <c>serviceurl</c> claim.
/// Each property is one thing a test can get wrong on purpose.
/// </summary>
public sealed record BotTokenMinter(SecurityKey Key, string Audience, string ServiceUrl)
{
    public string Issuer { get; init; } = LocalOpenIdServer.BotFrameworkIssuer;

    public DateTime IssuedAt { get; init; } = DateTime.UtcNow.AddMinutes(-1);

    public TimeSpan Lifetime { get; init; } = TimeSpan.FromMinutes(30);

    public string Mint()
    {
        var token = new JwtSecurityToken(
            issuer: Issuer,
            audience: Audience,
            claims: [new Claim("serviceurl", ServiceUrl), new Claim(JwtRegisteredClaimNames.Iat, new DateTimeOffset(IssuedAt).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture), ClaimValueTypes.Integer64)],
            notBefore: IssuedAt,
            expires: IssuedAt + Lifetime,
            signingCredentials: new SigningCredentials(Key, SecurityAlgorithms.RsaSha256));
        return new JwtSecurityTokenHandler().WriteToken(token);
    }

    /// <summary>A fresh RSA key that claims the same kid as <paramref name="published"/>: a forged signature, not an unknown key.</summary>
    public static RsaSecurityKey ImpostorOf(RsaSecurityKey published) => new(RSA.Create(2048)) { KeyId = published.KeyId };
}
