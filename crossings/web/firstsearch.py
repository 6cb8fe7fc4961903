"""The search page's first request to the API, started from the page's head.

The page's script (``crossings-search.js``) runs once the page and its script file have arrived:
on a slow connection (2 s per round trip) asking the API only then costs a round trip of its own.
This short inline script, first in the page's head, asks at once for the results of the address's
query and leaves the answer's promise in ``window.crossingsFirstSearch``; the page's script takes
it when it would have asked for that same URL, and asks itself otherwise (another query, or
nothing was started: no query, a page opened from a folder, a policy that blocked this script).

Its text never changes with the page (the API's address, the page size and the language are the
script element's ``data-`` attributes), so the service's Content-Security-Policy allows it by its
hash (crossings.web.csp) and still allows no other inline script.
"""

from __future__ import annotations

# The parameters are kept in the address's order, without empty values and defaults, as the page's
# script writes them (its queryString), so that the two URLs agree for any address it made.
SCRIPT = (
    '(function(){"use strict";'
    "var me=document.currentScript,params=new URLSearchParams(location.search),query=new URLSearchParams();"
    'if(!me||location.protocol==="file:"||!(params.get("q")||"").trim()||!window.fetch){return;}'
    "params.forEach(function(value,name){"
    'if(value&&!(name==="sort"&&value==="relevance")&&!(name==="page"&&value==="1")){query.append(name,value);}});'
    'var url=me.getAttribute("data-api")+"?"+query.toString()+"&limit="+me.getAttribute("data-limit")'
    '+"&ui="+encodeURIComponent(me.getAttribute("data-ui"));'
    'var answer=fetch(url,{headers:{Accept:"application/json"},credentials:"omit"});'
    "answer.catch(function(){});"  # the page's script handles a failure; none is left unhandled
    "window.crossingsFirstSearch={url:url,answer:answer};})();"
)
