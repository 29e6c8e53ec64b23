// A minimal stand-in for the MediatR package: the shapes the service below depends on.
namespace MediatR
{
    public readonly struct Unit
    {
        public static readonly Unit Value = default;
    }

    public interface IBaseRequest { }

    public interface IRequest<out TResponse> : IBaseRequest { }

    public interface IRequest : IRequest<Unit> { }

    public interface INotification { }

    public interface IRequestHandler<in TRequest, TResponse>
        where TRequest : IRequest<TResponse>
    {
        Task<TResponse> Handle(TRequest request, CancellationToken cancellationToken);
    }

    public interface INotificationHandler<in TNotification>
        where TNotification : INotification
    {
        Task Handle(TNotification notification, CancellationToken cancellationToken);
    }

    public interface ISender
    {
        Task<TResponse> Send<TResponse>(IRequest<TResponse> request, CancellationToken cancellationToken = default);
    }

    public interface IPublisher
    {
        Task Publish<TNotification>(TNotification notification, CancellationToken cancellationToken = default)
            where TNotification : INotification;
    }

    public interface IMediator : ISender, IPublisher { }
}
