// Run in the page by tests/e2e/test_mobile.py: what is wider than the window, and which
// controls are smaller than a 44 px tap target.
(() => {
    const doc = document.documentElement;
    const wide = [];
    if (doc.scrollWidth > doc.clientWidth + 1) {
        for (const el of document.body.querySelectorAll('*')) {
            const r = el.getBoundingClientRect();
            if (r.right > doc.clientWidth + 1 && r.width > 0 && getComputedStyle(el).position !== 'fixed') {
                wide.push(el.tagName.toLowerCase() + (el.className && typeof el.className === 'string' ? '.' + el.className.split(' ').join('.') : '') + ' ' + Math.round(r.right));
                if (wide.length > 4) break;
            }
        }
    }
    const small = [];
    const controls = document.querySelectorAll(
        'button, select, input:not([type=hidden]):not([type=checkbox]):not([type=radio]), textarea, .nav-link');
    for (const el of controls) {
        const r = el.getBoundingClientRect();
        if (r.width === 0 || r.height === 0 || el.closest('[hidden], .mobile-drawer:not(.is-visible)')) continue;
        if (r.height < 43.5 || r.width < 24) {
            small.push(el.tagName.toLowerCase() + ' "' + (el.innerText || el.name || '').trim().slice(0, 30) + '" ' + Math.round(r.width) + 'x' + Math.round(r.height));
        }
    }
    return {scrollWidth: doc.scrollWidth, clientWidth: doc.clientWidth, wide, small};
})
