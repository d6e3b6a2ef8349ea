global using System.Net;
global using Stripe;
global using Stripe.Checkout;
