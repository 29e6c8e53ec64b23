using System;
using System.Collections.Generic;
using MongoDB.Bson;

namespace StubUsage
{
    public sealed class Order
    {
        public ObjectId Id { get; set; }
        public string CustomerId { get; set; } = "";
        public string Status { get; set; } = "";
        public decimal Total { get; set; }
        public int Count { get; set; }
        public DateTime CreatedAt { get; set; }
        public List<string> Tags { get; set; } = new();
        public List<OrderItem> Items { get; set; } = new();
    }

    public sealed class OrderItem
    {
        public string Sku { get; set; } = "";
        public int Quantity { get; set; }
    }

    public sealed class Customer
    {
        public string Id { get; set; } = "";
        public string Name { get; set; } = "";
    }

    public sealed class OrderSummary
    {
        public ObjectId Id { get; set; }
        public decimal Total { get; set; }
    }

    public sealed class OrderWithCustomers
    {
        public ObjectId Id { get; set; }
        public List<Customer> Customers { get; set; } = new();
    }

    public sealed class OrderItemRow
    {
        public ObjectId Id { get; set; }
        public OrderItem Items { get; set; } = new();
    }
}
