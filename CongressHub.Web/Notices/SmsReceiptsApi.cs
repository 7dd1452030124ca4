using System.Text.Json;
using System.Text.Json.Serialization;
using CongressHub.Domain.Notices;
using Microsoft.Extensions.Options;

namespace CongressHub.Web.Notices;

/// <summary>One delivery report from the SMS gateway.</summary>
public sealed record SmsReceipt(
    [property: JsonPropertyName("biz_id")] string? BizId,
    [property: JsonPropertyName("success")] bool Success,
    [property: JsonPropertyName("err_code")] string? ErrCode,
    [property: JsonPropertyName("phone_number")] string? PhoneNumber);

public sealed record SmsReceiptAnswer([property: JsonPropertyName("code")] int Code);

/// <summary>
/// <c>POST /api/notices/sms-receipts</c>: the SMS gateway reports what reached people's phones. No account signs in
/// here: the gateway signs the request with the shared secret (<see cref="GatewaySignature"/>). A report given twice
/// changes the delivery once.
/// </summary>
public static class SmsReceiptsApi
{
    public const string Path = "/api/notices/sms-receipts";
    public const string Scheme = "smsGateway";
    private const int MaxBody = 1 << 20;

    public static void MapSmsReceiptsApi(this IEndpointRouteBuilder app) =>
        app.MapPost(Path, ReceiveAsync)
            .AllowAnonymous()
            .DisableAntiforgery()
            .WithMetadata(GatewaySigned.Instance)
            .WithTags("Notices")
            .WithSummary("Delivery receipts from the SMS gateway: [{ biz_id, success, err_code, phone_number }], signed with the gateway's HMAC-SHA256 scheme")
            .Accepts<SmsReceipt[]>("application/json")
            .Produces<SmsReceiptAnswer>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status404NotFound);

    private static async Task<IResult> ReceiveAsync(HttpContext ctx, IOptions<SmsOptions> options, NoticeOutbox outbox, TimeProvider time)
    {
        var o = options.Value;
        if (!o.Enabled)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "SMS is not set up here (Notices:Sms).");
        }
        using var buffer = new MemoryStream();
        await ctx.Request.Body.CopyToAsync(buffer, ctx.RequestAborted);
        if (buffer.Length > MaxBody)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "The receipts are too long: send at most 1 MB at a time.");
        }
        var body = buffer.ToArray();
        var headers = ctx.Request.Headers;
        if (!GatewaySignature.Verify(o.AccessKeyId, o.AccessKeySecret, "POST", ctx.Request.Path, headers[GatewaySignature.DateHeader], headers[GatewaySignature.NonceHeader],
                headers.Authorization, body, time.GetUtcNow()))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "The request is not signed with the SMS gateway's key, or its x-acs-date is more than 15 minutes away.");
        }
        SmsReceipt[]? receipts;
        try
        {
            receipts = JsonSerializer.Deserialize<SmsReceipt[]>(body);
        }
        catch (JsonException e)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "The receipts are not a JSON array of { biz_id, success, err_code, phone_number }.", detail: e.Message);
        }
        if (receipts is null || receipts.Any(r => r is null || string.IsNullOrWhiteSpace(r.BizId)))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Every receipt needs its biz_id.");
        }
        foreach (var r in receipts)
        {
            await outbox.RecordReceiptAsync(NoticeChannel.Sms, r.BizId!, r.Success, r.ErrCode, ctx.RequestAborted);
        }
        return TypedResults.Ok(new SmsReceiptAnswer(0));
    }
}

/// <summary>Marks an endpoint the SMS gateway calls, signed with its key rather than a token (named so in the API document).</summary>
public sealed class GatewaySigned
{
    public static readonly GatewaySigned Instance = new();
}
