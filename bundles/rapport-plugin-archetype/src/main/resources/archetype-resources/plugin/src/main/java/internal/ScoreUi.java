#set( $element = $typeName.replace("_", "-") )
package ${package}.internal;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardResource;

import io.rapport.platform.ui.UiExtension;

/**
 * The dashboard's editor and display of scores. Rapport never calls this service: its properties name the
 * ES module (served from this bundle's {@code ui/} folder by the HTTP Whiteboard resource below) and the
 * custom elements it defines; the dashboard loads it when the plugin starts and drops it when it stops.
 */
@Component(service = UiExtension.class, property = {
        UiExtension.KIND + "=" + UiExtension.KIND_ATTRIBUTE_TYPE,
        UiExtension.TARGET + "=${typeName}",
        UiExtension.MODULE + "=/ui/plugins/${package}/score.js",
        UiExtension.EDITOR + "=${element}-editor",
        UiExtension.DISPLAY + "=${element}-display" })
@HttpWhiteboardResource(pattern = "/ui/plugins/${package}/*", prefix = "/ui")
public class ScoreUi implements UiExtension {
}
