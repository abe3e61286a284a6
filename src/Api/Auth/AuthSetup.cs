using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.IdentityModel.Tokens;
using OcppLab.Api.Errors;
using OcppLab.Application.Abstractions;

namespace OcppLab.Api.Auth;

public static class AuthSetup
{
    public static IServiceCollection AddGatewayAuth(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection(AuthOptions.SectionName).Get<AuthOptions>() ?? new AuthOptions();
        services.AddSingleton(options);
        services.AddSingleton<TokenIssuer>();
        if (string.IsNullOrWhiteSpace(options.Authority) && string.IsNullOrEmpty(options.SigningKey))
        {
            services.AddHostedService<SigningKeyStartup>();
        }

        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer(jwt =>
        {
            jwt.MapInboundClaims = false;
            if (!string.IsNullOrWhiteSpace(options.Authority))
            {
                jwt.Authority = options.Authority;
                jwt.Audience = options.Audience;
                jwt.RequireHttpsMetadata = options.RequireHttpsMetadata;
                jwt.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidateIssuer = true,
                    ValidateAudience = true,
                    ValidAudience = options.Audience,
                    ValidateLifetime = true,
                    NameClaimType = "sub",
                    RoleClaimType = Claims.Role,
                };
            }
            else
            {
                jwt.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidateIssuer = true,
                    ValidIssuer = options.Issuer,
                    ValidateAudience = true,
                    ValidAudience = options.Audience,
                    ValidateLifetime = true,
                    RequireExpirationTime = true,
                    ValidateIssuerSigningKey = true,
                    IssuerSigningKey = SigningKeys.Resolve(options),
                    ClockSkew = TimeSpan.FromSeconds(30),
                    NameClaimType = "sub",
                    RoleClaimType = Claims.Role,
                };
            }

            jwt.Events = new JwtBearerEvents
            {
                OnTokenValidated = context =>
                {
                    var org = context.Principal?.FindFirst(Claims.OrganizationId)?.Value;
                    var role = context.Principal?.FindFirst(Claims.Role)?.Value;
                    if (string.IsNullOrWhiteSpace(org))
                    {
                        context.Fail("The token has no org_id claim.");
                    }
                    else if (role is not (Claims.UserRole or Claims.AdminRole))
                    {
                        context.Fail("The token's role claim must be user or admin.");
                    }

                    return Task.CompletedTask;
                },
                OnChallenge = async context =>
                {
                    context.HandleResponse();
                    var detail = context.AuthenticateFailure switch
                    {
                        SecurityTokenExpiredException => "The token has expired.",
                        SecurityTokenInvalidAudienceException => "The token is for another audience.",
                        SecurityTokenInvalidIssuerException => "The token is from an unknown issuer.",
                        SecurityTokenSignatureKeyNotFoundException or SecurityTokenInvalidSignatureException => "The token's signature is not valid.",
                        // Our own context.Fail(reason) messages; a library's own messages stay internal.
                        AuthenticationFailureException { Message: var message } => message,
                        not null => "The token is not valid.",
                        null => "A bearer token is required (Authorization: Bearer <jwt>).",
                    };
                    context.Response.Headers.WWWAuthenticate = context.AuthenticateFailure is null
                        ? "Bearer"
                        : "Bearer error=\"invalid_token\"";
                    var problems = context.HttpContext.RequestServices.GetRequiredService<ProblemWriter>();
                    await problems.WriteAsync(context.HttpContext, StatusCodes.Status401Unauthorized, detail);
                },
            };
        });

        services.AddAuthorization(TenantPolicy.Add);
        services.AddSingleton<IAuthorizationHandler, TenantAuthorizationHandler>();
        services.AddSingleton<IAuthorizationHandler, OperatorAuthorizationHandler>();
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, ProblemAuthorizationResultHandler>();
        services.AddHttpContextAccessor();
        services.AddScoped<ITenantContext, HttpTenantContext>();
        return services;
    }
}
