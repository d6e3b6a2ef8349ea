global using System.Net;
global using FibroStore.Editorial.Data;
global using FibroStore.SharedKernel.Security;
global using Microsoft.EntityFrameworkCore;
global using Microsoft.Extensions.DependencyInjection;
