using System.Reflection;
using Billing.Grpc;
using Grpc.Core;
using MediatR;
using Microsoft.AspNetCore.Mvc;

namespace Billing;

public sealed class InvoicingService : Invoicing.InvoicingBase
{
    private readonly IMediator _mediator;
    private readonly Ledger _ledger;

    public InvoicingService(IMediator mediator, Ledger ledger)
    {
        _mediator = mediator;
        _ledger = ledger;
    }

    public override async Task<InvoiceReply> GetInvoice(InvoiceRequest request, ServerCallContext context)
    {
        InvoiceDto? invoice = await _mediator.Send(new GetInvoiceQuery(request.InvoiceId), context.CancellationToken);
        if (invoice is null)
        {
            throw new RpcException(new Status(StatusCode.NotFound, $"Invoice {request.InvoiceId} not found"));
        }

        return ToReply(invoice);
    }

    public override async Task ListInvoices(CustomerRequest request, IServerStreamWriter<InvoiceReply> responseStream, ServerCallContext context)
    {
        foreach (InvoiceDto invoice in _ledger.ForCustomer(request.CustomerId))
        {
            await responseStream.WriteAsync(ToReply(invoice));
        }
    }

    public override async Task<PaymentReply> RecordPayments(IAsyncStreamReader<PaymentRequest> requestStream, ServerCallContext context)
    {
        bool allAccepted = true;
        while (await requestStream.MoveNext(context.CancellationToken))
        {
            PaymentRequest payment = requestStream.Current; // trap: the current message, already received
            bool accepted = _mediator.Send(new RecordPaymentCommand(payment.InvoiceId, (decimal)payment.Amount)).Result; // expect ND1
            allAccepted &= accepted;
        }

        return new PaymentReply { Accepted = allAccepted };
    }

    private static InvoiceReply ToReply(InvoiceDto invoice) => new()
    {
        InvoiceId = invoice.Id,
        Customer = invoice.Customer,
        Amount = (double)invoice.Amount,
        Status = invoice.Status,
    };
}

[ApiController]
[Route("api/invoices")]
public sealed class InvoicesController : ControllerBase
{
    private readonly ISender _sender;
    private readonly FxRates _rates;

    public InvoicesController(ISender sender, FxRates rates)
    {
        _sender = sender;
        _rates = rates;
    }

    [HttpGet("{id}")]
    public async Task<ActionResult<InvoiceDto>> Get(string id, [FromQuery] string currency, CancellationToken ct)
    {
        InvoiceDto? invoice = await _sender.Send(new GetInvoiceQuery(id, currency ?? "EUR"), ct);
        return invoice is null ? NotFound() : invoice;
    }

    [HttpPost("{id}/payments")]
    public IActionResult Pay(string id, [FromBody] decimal amount)
    {
        Task<bool> recorded = _sender.Send(new RecordPaymentCommand(id, amount));
        return recorded.Result ? Accepted() : NotFound(); // expect ND1
    }

    [HttpGet("fx-provider")]
    public string FxProvider() => _rates.ProviderHost();
}

/// <summary>Resolves the single handler of a request from the container; notifications go to every handler.</summary>
public sealed class InProcessMediator : IMediator
{
    private readonly IServiceProvider _services;

    public InProcessMediator(IServiceProvider services) => _services = services;

    public Task<TResponse> Send<TResponse>(IRequest<TResponse> request, CancellationToken cancellationToken = default)
    {
        Type handlerType = typeof(IRequestHandler<,>).MakeGenericType(request.GetType(), typeof(TResponse));
        object handler = _services.GetRequiredService(handlerType);
        MethodInfo handle = handlerType.GetMethod("Handle")!;
        return (Task<TResponse>)handle.Invoke(handler, new object[] { request, cancellationToken })!; // trap: returns the handler's task
    }

    public async Task Publish<TNotification>(TNotification notification, CancellationToken cancellationToken = default)
        where TNotification : INotification
    {
        foreach (var handler in _services.GetServices<INotificationHandler<TNotification>>())
        {
            await handler.Handle(notification, cancellationToken);
        }
    }
}
