package io.rapport.dashboard.internal;

import java.io.IOException;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.http.whiteboard.annotations.RequireHttpWhiteboard;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/**
 * Serves the dashboard's files under {@code /app/} and {@code /webjars/} (and the page at
 * {@code /index.html}; {@code /} itself is {@link DashboardPage}), from {@link StaticFiles}: with its
 * ETag (a 304 when the browser has it), gzip when the browser takes it, and how long to keep it.
 */
@RequireHttpWhiteboard
@Component(service = Servlet.class)
@HttpWhiteboardServletName("rapport-dashboard")
@HttpWhiteboardServletPattern({ "/index.html", "/app/*", "/webjars/*", "/favicon.svg" })
public class DashboardServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    private final transient StaticFiles files;

    @Activate
    public DashboardServlet(@Reference StaticFiles files) {
        this.files = files;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
        StaticFiles.File f = files.file(path);
        if (f == null) {
            response.sendError(404);
            return;
        }
        response.setContentType(f.type());
        response.setHeader("ETag", f.etag());
        response.setHeader("Cache-Control", StaticFiles.cacheControl(path));
        response.setHeader("Vary", "Accept-Encoding");
        if (f.policy() != null) {
            response.setHeader("Content-Security-Policy", f.policy());
        }
        if (f.etag().equals(request.getHeader("If-None-Match"))) {
            response.setStatus(304);
            return;
        }
        String accept = request.getHeader("Accept-Encoding");
        byte[] body = f.bytes();
        if (f.gzipped() != null && accept != null && accept.contains("gzip")) {
            response.setHeader("Content-Encoding", "gzip");
            body = f.gzipped();
        }
        response.setContentLength(body.length);
        if (!"HEAD".equals(request.getMethod())) {
            response.getOutputStream().write(body);
        }
    }
}
