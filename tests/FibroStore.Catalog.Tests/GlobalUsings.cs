global using System.Net;
global using FibroStore.Catalog.Data;
global using FibroStore.Catalog.Domain;
global using FibroStore.SharedKernel.Security;
global using FibroStore.TestKit;
global using Microsoft.EntityFrameworkCore;
global using Microsoft.Extensions.DependencyInjection;
