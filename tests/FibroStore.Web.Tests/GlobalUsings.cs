global using System.Net;
global using FibroStore.TestKit;
global using Microsoft.Extensions.DependencyInjection;
global using Npgsql;
