global using System.Net;
global using FibroStore.Ordering.Contracts;
global using FibroStore.SharedKernel.Security;
global using FibroStore.TestKit;
global using Mediator;
global using Microsoft.Extensions.DependencyInjection;
