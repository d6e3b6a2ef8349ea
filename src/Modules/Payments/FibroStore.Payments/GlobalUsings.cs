global using FibroStore.Payments.Contracts;
global using FibroStore.Payments.Stripe;
global using FibroStore.SharedKernel.Data;
global using Stripe;
