// Product page: picking an option shows its price and stock at once and puts it in the address, so the page can be
// shared with that option chosen (the server renders ?variant=SKU the same way). Without script the radio still works.
document.addEventListener('change', (event) => {
    const radio = event.target;
    if (!(radio instanceof HTMLInputElement) || radio.name !== 'variantId' || !radio.dataset.sku) return;
    const price = document.getElementById('chosen-price');
    const was = document.getElementById('chosen-was');
    const stock = document.getElementById('stock-status');
    const quantity = document.getElementById('quantity');
    if (price) price.textContent = radio.dataset.price;
    if (was) {
        was.hidden = !radio.dataset.was;
        was.lastElementChild.textContent = radio.dataset.was;
    }
    if (stock) {
        stock.textContent = radio.dataset.words;
        stock.className = 'stock stock-ok'; // only options that can be bought are enabled
    }
    if (quantity && radio.dataset.max) quantity.max = radio.dataset.max;
    const url = new URL(location.href);
    url.searchParams.set('variant', radio.dataset.sku);
    history.replaceState(null, '', url);
});
