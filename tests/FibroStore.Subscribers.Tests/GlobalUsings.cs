global using System.Net;
global using FibroStore.Subscribers.Data;
global using Microsoft.EntityFrameworkCore;
