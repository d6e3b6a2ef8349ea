global using System.Net;
global using FibroStore.Ordering.Data;
global using FibroStore.Ordering.Domain;
global using FibroStore.TestKit;
global using Microsoft.EntityFrameworkCore;
global using Microsoft.Extensions.DependencyInjection;
