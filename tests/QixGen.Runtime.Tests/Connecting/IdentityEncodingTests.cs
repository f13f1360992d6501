using System;
using QixGen.Auth;
using QixGen.Session;
using Xunit;

namespace QixGen.Runtime.Tests.Connecting;

/// <summary>Identity values are URL-encoded UTF-8 as JavaScript's encodeURIComponent does (Qlik: X-Qlik-User header).</summary>
public sealed class IdentityEncodingTests
{
    // Expected values are what encodeURIComponent gives in a browser or node for the same input.
    [Theory]
    [InlineData("internal", "sa_engine", "UserDirectory=internal; UserId=sa_engine")]
    [InlineData("CORP", "svc;qlik", "UserDirectory=CORP; UserId=svc%3Bqlik")]
    [InlineData("CORP", "a=b; UserDirectory=ROOT", "UserDirectory=CORP; UserId=a%3Db%3B%20UserDirectory%3DROOT")]
    [InlineData("MY DIR", "jörg", "UserDirectory=MY%20DIR; UserId=j%C3%B6rg")]
    [InlineData("D", "x!~*'()-_.", "UserDirectory=D; UserId=x!~*'()-_.")]
    [InlineData("D", "a/b\\c@d+e%f", "UserDirectory=D; UserId=a%2Fb%5Cc%40d%2Be%25f")]
    [InlineData("D", "😀", "UserDirectory=D; UserId=%F0%9F%98%80")]
    public void The_X_Qlik_User_values_are_encoded_like_encodeURIComponent(string directory, string user, string expected)
    {
        Assert.Equal(expected, QixAuthentication.QlikUserHeader(directory, user));
    }

    [Fact]
    public void UseClientCertificate_sends_the_encoded_identity()
    {
        using var key = System.Security.Cryptography.RSA.Create(2048);
        var request = new System.Security.Cryptography.X509Certificates.CertificateRequest("CN=client", key, System.Security.Cryptography.HashAlgorithmName.SHA256, System.Security.Cryptography.RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        var options = new QixSessionOptions().UseClientCertificate(certificate, "internal", "svc;qlik");
        Assert.Equal("UserDirectory=internal; UserId=svc%3Bqlik", options.Headers["X-Qlik-User"]);
    }

    [Fact]
    public void A_lone_surrogate_is_refused_as_encodeURIComponent_refuses_it()
    {
        var error = Assert.Throws<ArgumentException>(() => QixAuthentication.QlikUserHeader("D", "bad\uD800"));
        Assert.Equal("userId", error.ParamName);
    }

    [Fact]
    public void Url_builder_identity_segment_is_encoded_the_same_way()
    {
        var builder = new QixUrlBuilder { Host = "h", AppId = "Sales; 2026.qvf", Identity = "svc;qlik" };
        Assert.Equal("wss://h/app/Sales%3B%202026.qvf/identity/svc%3Bqlik", builder.BuildString());
    }
}
